#!/usr/bin/env node
'use strict';
// The hwctl daemon (npm start builds first).
require('../dist/src/main.js');
