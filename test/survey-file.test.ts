import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { surveyFile } from '../src/ingest/survey-file.ts';
import { writeTemp } from './helpers/fixtures.ts';

/** The same survey, written the slow and obvious way over the whole text. */
function reference(bytes: Buffer, sep: string) {
  const text = bytes.toString('latin1');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let plain = true;
  let inQuote = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n' && inQuote) plain = false;
    if (ch !== '"') continue;
    if (!inQuote) {
      const before = i === 0 ? '\n' : text[i - 1];
      if (before !== sep && before !== '\n' && !(before === '\u00bf' && !text.slice(0, i).includes('\n'))) plain = false;
      inQuote = true;
    } else if (text[i + 1] === '"') i++;
    else {
      const after = text[i + 1] ?? '\n';
      if (after !== sep && after !== '\n' && after !== '\r') plain = false;
      inQuote = false;
    }
  }
  if (inQuote) plain = false;
  return {
    lines: lines.length,
    emptyLines: lines.filter((l) => l === '' || l === '\r').length,
    plainCsv: plain,
    maxLineBytes: Math.max(0, ...lines.map((l) => l.length)),
  };
}

describe('surveyFile', () => {
  it('counts lines and finds misplaced quotes whatever the chunk boundaries (property)', async () => {
    const char = fc.constantFrom('a', '1', ';', '"', '\n', '\r\n', 'é', '€', '');
    await fc.assert(
      fc.asyncProperty(fc.array(char, { maxLength: 40 }), fc.integer({ min: 1, max: 9 }), async (parts, chunk) => {
        const bytes = Buffer.from(parts.join(''), 'utf8');
        const path = writeTemp(bytes.toString('utf8'));
        const survey = await surveyFile(path, 'test.csv', chunk);
        expect({ lines: survey.lines, emptyLines: survey.emptyLines, plainCsv: survey.plainCsv, maxLineBytes: survey.maxLineBytes }).toEqual(reference(bytes, survey.separator));
        expect(survey.encoding).toBe('utf-8');
        expect(survey.ascii).toBe(![...parts.join('')].some((c) => c.charCodeAt(0) > 127));
      }),
      { numRuns: 300 },
    );
  });

  it('tells a Windows-1252 file from UTF-8 even when a character is cut between chunks', async () => {
    const utf8 = writeTemp('Descripción;Ação\n€;ü\n');
    const latin1 = writeTemp('');
    writeFileSync(latin1, Buffer.from('Descripci\xf3n;A\xe7\xe3o\n', 'latin1'));
    for (const chunk of [1, 2, 3, 5, 1 << 20]) {
      expect((await surveyFile(utf8, 'utf8.csv', chunk)).encoding).toBe('utf-8');
      expect((await surveyFile(latin1, 'latin1.csv', chunk)).encoding).toBe('windows-1252');
    }
  });
});
