import type * as z from 'zod/mini';

// zod/mini carries no English messages (they would weigh on every browser bundle): an issue without a message
// of our own reads "Invalid input". These few lines say what was expected instead, for the issues our
// schemas can raise.
const GENERIC = 'Invalid input';

/** A readable message for one zod issue: the schema's own message, or one made from the issue's fields. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.message !== GENERIC && issue.message !== '') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}${issue.origin === 'array' ? ' items' : ''}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${issue.origin === 'array' ? ' items' : ''}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}`;
    case 'invalid_format':
      return `does not match the expected ${issue.format === 'regex' ? 'pattern' : issue.format}`;
    case 'invalid_union':
      return 'matches none of the accepted forms';
    default:
      return issue.message;
  }
}
