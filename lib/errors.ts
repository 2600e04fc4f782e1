// `import { WsgiformError } from 'wsgiform/errors'`: the error class, outside the jsii entry point
// (jsii cannot describe a subclass of JavaScript's Error).
export { WsgiformError } from './core/errors';
