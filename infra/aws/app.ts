import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { APP_CONTEXT, readFuelConfig } from './config.js';
import { createLocalStackSystem } from './localstack.js';
import { createFuelSystem } from './system.js';

const app = new App({ context: { ...APP_CONTEXT } });
const config = readFuelConfig(app.node);
if (config.profile === 'localstack') {
  createLocalStackSystem(app, config);
} else {
  createFuelSystem(app, config);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
app.synth();
