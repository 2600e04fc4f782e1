// Apache enums and defaults shared by the mod_wsgi and mod_proxy_uwsgi frontends.

/** Apache's `AllowEncodedSlashes`. */
export enum AllowEncodedSlashes {
  ON = 'On',
  OFF = 'Off',
  NO_DECODE = 'NoDecode',
}

/** Apache's `LogLevel` values. */
export enum ApacheLogLevel {
  EMERG = 'emerg',
  ALERT = 'alert',
  CRIT = 'crit',
  ERROR = 'error',
  WARN = 'warn',
  NOTICE = 'notice',
  INFO = 'info',
  DEBUG = 'debug',
}

/** kolla's access log: the client from X-Forwarded-For first, request time in microseconds (`%D`). */
export const APACHE_LOG_FORMAT =
  '%{X-Forwarded-For}i %h %l %u %t "%r" %>s %b %D "%{Referer}i" "%{User-Agent}i"';
