// Splits a script into complete command units (a heredoc or a quoted newline keeps lines
// together), as an interactive shell reads them one prompt at a time.

export function splitCommands(text: string, isComplete: (input: string) => boolean): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const out: string[] = [];
  let pending: string[] = [];
  for (const line of lines) {
    pending.push(line);
    const unit = pending.join('\n');
    if (isComplete(unit)) {
      if (unit.trim() !== '') out.push(unit);
      pending = [];
    }
  }
  if (pending.length > 0 && pending.join('\n').trim() !== '') out.push(pending.join('\n'));
  return out;
}
