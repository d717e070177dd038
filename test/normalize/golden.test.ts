import { ACCOUNT, currentGolden, generatedSets, GoldenLine, outcome, readGolden, shortHash } from './golden/normalized-golden';
import { ALL_FIXTURES } from '../../fixtures/records';

// What lands in the table is what the normalizers wrote when the golden file was recorded, byte for byte: the
// sample records' whole outputs, and those of thousands of varied and damaged records (see golden/normalized-golden.ts).
describe('normalized output is unchanged', () => {
  const golden = readGolden();
  const current = currentGolden();

  test('the golden file covers every sample and every generated set', () => {
    expect(golden.map(line => line.case)).toEqual(current.map(line => line.case));
    expect(golden.length).toBe(ALL_FIXTURES.length + generatedSets().length);
  });

  test.each(golden.filter(line => !('hashes' in line)).map(line => [line.case, line] as const))('%s', (name, line) => {
    const now = current.find(c => c.case === name)!;
    const text = (l: GoldenLine) => ('output' in l ? JSON.stringify(l.output) : 'error' in l ? l.error : '');
    expect(text(now)).toBe(text(line));
  });

  test.each(generatedSets().map(set => [set.name, set] as const))('%s', (name, set) => {
    const recorded = golden.find(line => line.case === name) as { hashes: readonly string[] };
    set.records.forEach((record, i) => {
      const now = outcome(structuredClone(record), set.options ?? ACCOUNT);
      if (shortHash(now) !== recorded.hashes[i]) {
        throw new Error(`${name} #${i} normalizes differently than recorded.\ninput: ${JSON.stringify(record)}\nnow: ${now}`);
      }
    });
  });
});
