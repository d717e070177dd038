import { UnrecognisedRecordError } from '../../src/normalize/json-record';
import { decodeUtf8, parseJsonExactly, refuseInexactParse } from '../../src/normalize/strict-json';

describe('parseJsonExactly refuses what JSON.parse would change', () => {
  test.each([
    ['a key repeated at the top level', '{"a":1,"b":2,"a":3}', 'a'],
    ['a key repeated with whitespace before its colon', '{"a" :1, "a"\n:2}', 'a'],
    ['a key repeated in an object inside an array', '{"list":[{"k":1},{"k":1,"k":2}]}', 'k'],
    ['a key written once plainly and once with an escape', '{"ab":1,"\\u0061b":2}', 'ab'],
    ['a key ending in an escaped backslash', '{"a\\\\":1,"a\\\\":2}', 'a\\'],
    ['__proto__ twice', '{"__proto__":{},"__proto__":1}', '__proto__'],
    ['the empty key twice', '{"":1,"":2}', ''],
  ])('%s', (_name, text, key) => {
    expect(() => parseJsonExactly(text)).toThrow(UnrecognisedRecordError);
    expect(() => parseJsonExactly(text)).toThrow(`repeats the key ${JSON.stringify(key)} in one object`);
  });

  test.each([
    ['2^53 + 1', '{"n":9007199254740993}', /key "n" holds the integer 9007199254740993.*9007199254740992/],
    ['a negative one', '[-9007199254740993]', /holds the integer -9007199254740993/],
    ['one no double reaches', `{"n":${'9'.repeat(400)}}`, /would make it Infinity/],
  ])('an integer beyond a double\'s precision: %s', (_name, text, message) => {
    expect(() => parseJsonExactly(text)).toThrow(message);
  });

  test.each([
    ['keys repeated only across objects', '{"a":{"a":1},"b":[{"a":1},{"a":2}]}'],
    ['escaped quotes and colons inside strings', '{"a":"x\\":1","b":"\\\\","c":"{\\"a\\":1,\\"a\\":2}"}'],
    ['2^53 itself and an integer with an exponent', '{"a":9007199254740992,"b":1e21,"c":-9007199254740991}'],
    ['a large fraction', '{"a":12345678901234567.5}'],
    ['long digit runs in strings', '{"id":"123456789012345678901234567890"}'],
    ['strings that begin with a colon, as values and as keys', '{"a":":","b":": )","c":[":x"],":d":" :"}'],
    ['whitespace between keys and colons', '{"a" :1,\n"b"\t\r\n:{"c"  :  ":"}}'],
  ])('%s are kept', (_name, text) => {
    expect(parseJsonExactly(text)).toEqual(JSON.parse(text));
  });

  // A record's text that is exactly what JSON.stringify writes of its value repeats no key; its integers are checked.
  test('text known to be JSON.stringify of its value is refused only for an integer beyond a double\'s precision', () => {
    const rounded = '{"n":1152921504606847000}'; // 2^60, written as JSON.stringify writes it, but not its value
    expect(JSON.stringify(JSON.parse(rounded))).toBe(rounded);
    expect(() => refuseInexactParse(rounded, JSON.parse(rounded), true)).toThrow(/holds the integer 1152921504606847000/);
    const exact = '{"a":{"a":1},"b":[9007199254740992]}';
    expect(() => refuseInexactParse(exact, JSON.parse(exact), true)).not.toThrow();
  });

  test('text that is not JSON is a SyntaxError, as from JSON.parse', () => {
    expect(() => parseJsonExactly('{"a":')).toThrow(SyntaxError);
  });
});

describe('decodeUtf8', () => {
  test('decodes valid UTF-8, multi-byte characters included', () => {
    expect(decodeUtf8(Buffer.from('{"name":"Zoë 📬"}'))).toBe('{"name":"Zoë 📬"}');
  });

  test.each([
    ['a lone continuation byte', [0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
  ])('refuses %s instead of replacing it with U+FFFD', (_name, bytes) => {
    expect(() => decodeUtf8(Uint8Array.from([0x22, ...bytes, 0x22]))).toThrow(/not valid UTF-8/);
  });
});
