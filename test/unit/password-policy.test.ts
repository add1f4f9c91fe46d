import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../src/domain/password-policy.js';

const EMAIL = 'alice.smith@example.test';

describe('passwordProblem', () => {
  it.each([
    ['short', 'too_short'],
    ['x'.repeat(1025), 'too_long'],
    ['aaaaaaaaaaaa', 'one_character'],
    ['############', 'one_character'],
    ['AAAAAaaaaaaa', 'one_character'],
    ['abcdefghijkl', 'sequence'],
    ['1234567890', 'sequence'],
    ['0987654321', 'sequence'],
    ['qwertyuiop', 'sequence'],
    ['asdfghjkl;!', 'sequence'],
    ['zyxwvutsrqpo', 'sequence'],
    ['abcabcabcabc', 'sequence'],
    ['abcdef123456', 'sequence'],
    ['aaabbbccc111', 'sequence'],
    [EMAIL, 'email'],
    ['Alice.Smith', 'email'],
    ['alice.smith2024!', 'email'],
    ['Password123!', 'common'],
    ['P@ssw0rd2024', 'common'],
    ['welcome2024', 'common'],
    ['iloveyou12345', 'common'],
    ['qwerty123456', 'common'],
    ['1q2w3e4r5t6y', 'common'],
  ] as const)('refuses %j as %s', (password, problem) => {
    expect(passwordProblem(password, EMAIL)).toBe(problem);
  });

  it.each([
    // The demo organisation's password (prisma/seed.ts, README) must stay acceptable.
    'contact-center-demo',
    'correct horse battery staple',
    'a long enough password',
    'Tr0ub4dor&3xx',
    'committee-meeting',
    'alice-in-wonderland-42',
    '春眠不觉晓处处闻啼鸟',
  ])('accepts %j', (password) => {
    expect(passwordProblem(password, EMAIL)).toBeNull();
  });

  it('judges e-mail likeness only when the e-mail is known', () => {
    expect(passwordProblem('alice.smith', undefined)).toBeNull();
  });
});
