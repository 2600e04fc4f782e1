// cdktf's jest matchers (toHaveResourceWithProperties, …) for the synth lane.
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();
