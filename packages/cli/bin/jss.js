#!/usr/bin/env node
// The installed command. It exists before the build, so that installing the workspace links it without a
// warning; the command itself is the built dist/bin/jss.js.
import '../dist/bin/jss.js';
