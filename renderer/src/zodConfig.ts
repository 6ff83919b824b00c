/**
 * Must be the first import of the entry: zod 4 decides per schema, when the schema is
 * built, whether to compile a fast parser with `new Function`. Under our CSP
 * (`script-src 'self'`, no 'unsafe-eval') that probe is refused and reported as a
 * violation, even though zod catches it. Jitless parsing is plenty fast for our frames.
 */
import { z } from 'zod';

z.config({ jitless: true });
