import { App } from 'aws-cdk-lib';
import { buildRelais } from './relais';

/** `cdk synth` / `cdk deploy` entry point (cdk.json). Stages come from the `relais:stages` context. */
buildRelais(new App());
