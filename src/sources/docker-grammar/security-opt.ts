/**
 * `--security-opt` values. The grammar lives in the model because rules read
 * options through it; sources reach it here with the other value grammars.
 */
export { parseSecurityOpt } from '../../model/security-options.js';
