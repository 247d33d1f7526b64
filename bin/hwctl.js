#!/usr/bin/env node
'use strict';
// The hwctl CLI. Runs the compiled code (npm run build) so `npx hwctl` works from a checkout.
require('../dist/src/cli/main.js');
