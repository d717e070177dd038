import { readFileSync } from 'fs';
import { README, readmeWithDictionary, renderDataDictionary } from '../../local/data-dictionary';
import { ALL_STANDARD_VIEWS } from '../../src/views/view-catalog';

test('the README\'s data dictionary is the one the view catalog renders (run `npx projen docs:dictionary`)', () => {
  const readme = readFileSync(README, 'utf8');
  expect(readmeWithDictionary(readme)).toBe(readme);
});

test('the data dictionary lists every view and every column', () => {
  const dictionary = renderDataDictionary();
  for (const view of ALL_STANDARD_VIEWS) {
    expect(dictionary).toContain(`<code>${view.name}</code>: ${view.eventTypes.map(t => `<code>${t}</code>`).join(', ')}</summary>`);
    for (const field of view.fields) {
      expect(dictionary).toContain(`| \`${field.name}\` |`);
    }
    for (const [eventType, condition] of Object.entries(view.eventTypeConditions ?? {})) {
      expect(dictionary).toContain(`Rows of \`${eventType}\` only where \`${condition}\`.`);
    }
  }
});
