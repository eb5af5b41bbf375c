// Property tests draw from a fixed seed so a CI run is repeatable; set PROPERTY_SEED to
// explore other inputs locally (a failure prints the seed and path to replay it).
import fc from 'fast-check';

const seed = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : 20261121;
fc.configureGlobal({ seed });
