import type { CommandHandler } from './command.js';
export const deleteCommand: CommandHandler = async () => {
  throw new Error('not yet');
};
