import Handlebars from 'handlebars';
import { z } from 'zod';

/** A Handlebars template, checked when the config is loaded so a typo fails `check`, not a cycle. */
export const templateSchema = z.string().min(1).superRefine((text, ctx) => {
  try {
    Handlebars.parse(text);
  } catch (err) {
    const lines = (err as Error).message.split('\n');
    const got = /got '([^']+)'$/.exec(lines.at(-1) ?? '');
    ctx.addIssue({ code: 'custom', message: `invalid template: ${lines[0]}${got ? ` unexpected ${got[1]}` : ''}` });
  }
});
