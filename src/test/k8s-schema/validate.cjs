'use strict';
// Validates Kubernetes objects against the JSON Schemas of the Kubernetes OpenAPI spec, as
// compiled (ajv) by the npm package kubernetes-models: types, required fields, enums, formats.
//
// Usage: node validate.cjs <documents.json>
//   documents.json: a JSON array of objects (the manifest's YAML documents, converted by the test).
// Prints one line per document, "#<index> <Kind>/<name>: ok", or one line per error,
// "#<index> <Kind>/<name>: <path> <message> <params>".
// Exit codes: 0 every document is valid; 1 at least one is not (or has no schema here);
// 2 usage or unreadable input.
//
// Not checked by these schemas: fields the API does not define (they allow additional
// properties); ManifestSchemaTest's strict reads catch those.

const fs = require('fs');

function modelFor(apiVersion, kind) {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !/^[A-Za-z0-9.\/]+$/.test(apiVersion) || !/^[A-Za-z0-9]+$/.test(kind)) {
    return null;
  }
  try {
    return require('kubernetes-models/' + apiVersion + '/' + kind)[kind] || null;
  } catch (e) {
    if (e.code === 'MODULE_NOT_FOUND' || e.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
      return null;
    }
    throw e;
  }
}

function describe(index, doc) {
  const name = doc && doc.metadata && doc.metadata.name;
  return '#' + index + ' ' + (doc && doc.kind) + '/' + name;
}

function main(argv) {
  if (argv.length !== 1) {
    console.error('usage: node validate.cjs <documents.json>');
    return 2;
  }
  let docs;
  try {
    docs = JSON.parse(fs.readFileSync(argv[0], 'utf8'));
  } catch (e) {
    console.error('cannot read ' + argv[0] + ': ' + e.message);
    return 2;
  }
  if (!Array.isArray(docs)) {
    console.error(argv[0] + ': expected a JSON array of Kubernetes objects');
    return 2;
  }
  const pkg = require('kubernetes-models/package.json');
  console.log('kubernetes-models ' + pkg.version + ', node ' + process.version);
  let invalid = 0;
  docs.forEach((doc, index) => {
    const what = describe(index, doc);
    const Model = modelFor(doc && doc.apiVersion, doc && doc.kind);
    if (Model === null) {
      console.log(what + ': no schema for apiVersion ' + (doc && doc.apiVersion) + ' kind ' + (doc && doc.kind));
      invalid++;
      return;
    }
    try {
      new Model(doc).validate();
      console.log(what + ': ok');
    } catch (e) {
      if (!Array.isArray(e.errors)) {
        throw e;
      }
      for (const err of e.errors) {
        console.log(what + ': ' + (err.instancePath || '/') + ' ' + err.message + ' ' + JSON.stringify(err.params));
      }
      invalid++;
    }
  });
  return invalid === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
