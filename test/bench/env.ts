// Imported first by run.ts: loggers read their level when their modules load.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
// Every stack a benchmark starts computes travel times (the coverage schedule runs in it): it
// needs the commune centres, which the bench, like the tests, may read from ../shared.
process.env.RELAIS_COMMUNES_FILE ??= require('node:path').join(__dirname, '..', '..', '..', 'shared', 'data', 'communes-centroids.csv');
