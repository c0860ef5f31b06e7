#!/usr/bin/env node
// Entry point of the `sealmail` CLI; the code lives in app/cli (compiled to dist/ by `npm install`).
import '../dist/app/cli/main.js';
