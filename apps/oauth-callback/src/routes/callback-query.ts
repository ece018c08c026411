import { z } from 'zod';

/**
 * The callback's query (RFC 6749 §4.1.2 success, §4.1.2.1 error). Each parameter at most once
 * (a repeated one arrives as an array and fails), bounded in length, printable ASCII for `error`.
 * Unknown parameters (e.g. `iss`, RFC 9207) are ignored.
 */
export const callbackQuerySchema = z
  .object({
    state: z.string().min(1).max(512).optional(),
    code: z.string().min(1).max(2048).optional(),
    error: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/)
      .optional(),
    error_description: z.string().max(1024).optional(),
  })
  .loose();

export type CallbackQuery = z.infer<typeof callbackQuerySchema>;
