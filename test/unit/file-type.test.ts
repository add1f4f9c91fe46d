import { describe, expect, it } from 'vitest';
import { detectFileType } from '../../src/domain/file-type.js';

const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (value: string) => new TextEncoder().encode(value);

describe('detectFileType', () => {
  it('recognises images and PDFs by their first bytes', () => {
    expect(detectFileType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0))).toBe('image/png');
    expect(detectFileType(bytes(0xff, 0xd8, 0xff, 0xe0, 1, 2))).toBe('image/jpeg');
    expect(detectFileType(text('GIF89a....'))).toBe('image/gif');
    expect(detectFileType(text('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toBe('image/webp');
    expect(detectFileType(text('%PDF-1.7\n'))).toBe('application/pdf');
  });

  it('takes UTF-8 text, Chinese included, as plain text', () => {
    expect(detectFileType(text('Order 1042\r\n\tarrived late — 订单迟到了\n'))).toBe('text/plain');
  });

  it('refuses what it cannot vouch for: scripts in disguise, binaries, empty files', () => {
    expect(detectFileType(bytes(0x4d, 0x5a, 0x90, 0x00))).toBeUndefined(); // an .exe
    expect(detectFileType(bytes(0xc3, 0x28))).toBeUndefined(); // not UTF-8
    expect(detectFileType(new Uint8Array())).toBeUndefined();
    // Text is text: an HTML or SVG file is stored as text/plain, so no browser ever runs it.
    expect(detectFileType(text('<svg onload="alert(1)"></svg>'))).toBe('text/plain');
  });
});
