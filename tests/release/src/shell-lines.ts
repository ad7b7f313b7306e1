/**
 * Just enough of the POSIX shell to read the command lines of a guide: continuation lines, quoting
 * (single, double, backslash, adjacent parts joined), a trailing `# comment`, the operators `|` and
 * `>`, and `cat > file <<'END'` heredocs. No expansion: `$(…)` and `$VAR` stay literal text.
 */

export interface ShellLine {
  /** The line as written (continuations joined). */
  text: string;
  /** Its words up to the first `|` or `>`. */
  words: string[];
  /** The file that stdout goes to (`> file`, also after a `| tr -d '\n'`). */
  stdoutTo?: string;
  /** The commands after a `|`, as words. */
  pipedTo: string[][];
  /** A heredoc's body, for `cat > file <<'END'`. */
  heredoc?: string;
}

type Token = { word: string } | { op: '|' | '>' | '&&' | ';' };

function tokens(line: string): Token[] {
  const out: Token[] = [];
  let word: string | undefined;
  const flush = () => {
    if (word !== undefined) out.push({ word });
    word = undefined;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed ' in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && /["\\$`]/.test(line[j + 1] ?? '')) j++;
        text += line[j];
      }
      if (j >= line.length) throw new Error(`unclosed " in: ${line}`);
      word = (word ?? '') + text;
      i = j;
    } else if (c === '\\') {
      word = (word ?? '') + (line[i + 1] ?? '');
      i++;
    } else if (/\s/.test(c)) {
      flush();
    } else if (c === '#' && word === undefined) {
      break;
    } else if (c === '|' || c === '>' || c === ';' || (c === '&' && line[i + 1] === '&')) {
      flush();
      if (c === '&') i++;
      out.push({ op: c === '&' ? '&&' : (c as '|' | '>' | ';') });
    } else {
      word = (word ?? '') + c;
    }
  }
  flush();
  return out;
}

/** The command lines of a shell block, heredoc bodies attached to the line that opens them. */
export function shellLines(code: string): ShellLine[] {
  const raw = code.replace(/\\\n\s*/g, ' ').split('\n');
  const lines: ShellLine[] = [];
  for (let i = 0; i < raw.length; i++) {
    const text = (raw[i] as string).replace(/^\s*\$\s+/, '').trim();
    if (text === '' || text.startsWith('#')) continue;
    const heredoc = /<<-?\s*'?(\w+)'?\s*$/.exec(text);
    const body: string[] = [];
    if (heredoc) {
      for (i++; i < raw.length && raw[i] !== heredoc[1]; i++) body.push(raw[i] as string);
    }
    const toks = tokens(heredoc ? text.slice(0, heredoc.index) : text);
    const segments: string[][] = [[]];
    let stdoutTo: string | undefined;
    for (let t = 0; t < toks.length; t++) {
      const tok = toks[t] as Token;
      if ('word' in tok) (segments.at(-1) as string[]).push(tok.word);
      else if (tok.op === '>') {
        const next = toks[++t];
        if (!next || !('word' in next)) throw new Error(`> without a file in: ${text}`);
        stdoutTo = next.word;
      } else if (tok.op === '|') segments.push([]);
      else throw new Error(`${tok.op} is not supported in a guide line: ${text}`);
    }
    lines.push({
      text,
      words: segments[0] as string[],
      pipedTo: segments.slice(1),
      ...(stdoutTo === undefined ? {} : { stdoutTo }),
      ...(heredoc ? { heredoc: `${body.join('\n')}\n` } : {}),
    });
  }
  return lines;
}
