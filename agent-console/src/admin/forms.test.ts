import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { agentDraft, agentPatchBody, cannedBody, inboxCreateBody, inboxPatchBody, insertAt, inviteBody, labelBody, matchesSearch, teamBody, teamDraft } from './forms';
import { pathInWords, validationDetails } from './shared/server-errors';
import { addTags, splitLines } from './shared/tags';

describe('admin forms → requests', () => {
  it('labels: trimmed, colour in lower case', () => {
    expect(labelBody({ name: ' VIP ', color: '#FF0000', description: ' Big ones ' })).toEqual({ name: 'VIP', color: '#ff0000', description: 'Big ones' });
  });

  it('canned responses: the short code without its slash, the text as typed', () => {
    expect(cannedBody({ shortCode: ' /greet ', title: ' Greeting ', content: 'Hi {{customer.name}},\n' })).toEqual({ shortCode: 'greet', title: 'Greeting', content: 'Hi {{customer.name}},\n' });
    expect(insertAt('Hello !', '{{customer.name}}', 6)).toEqual({ value: 'Hello {{customer.name}}!', cursor: 23 });
    expect(insertAt('Hello XX!', 'Y', 6, 8).value).toBe('Hello Y!');
    const canned = { id: '1', shortCode: 'refund', title: 'Refund policy', content: 'Within 30 days' };
    expect(matchesSearch(canned, '')).toBe(true);
    expect(matchesSearch(canned, 'REF')).toBe(true);
    expect(matchesSearch(canned, '30 days')).toBe(true);
    expect(matchesSearch(canned, 'shipping')).toBe(false);
  });

  it('teams: no overflow on create; on edit "none" clears both overflow fields', () => {
    const team = {
      id: 't1',
      name: 'Support',
      description: '',
      routingPolicy: 'ROUND_ROBIN' as const,
      overflowTeamId: 't2',
      overflowAfterSeconds: 120,
      memberships: [{ userId: 'u1' }],
    };
    const draft = teamDraft(team);
    expect(draft).toMatchObject({ memberIds: ['u1'], overflowTeamId: 't2', overflowAfterSeconds: '120' });
    expect(teamBody({ ...draft, name: ' Support 2 ' }, true)).toEqual({ name: 'Support 2', description: '', routingPolicy: 'ROUND_ROBIN', memberIds: ['u1'] });
    expect(teamBody(draft, false)).toMatchObject({ overflowTeamId: 't2', overflowAfterSeconds: 120 });
    expect(teamBody({ ...draft, overflowTeamId: '' }, false)).toMatchObject({ overflowTeamId: null, overflowAfterSeconds: null });
    expect(teamDraft(null)).toMatchObject({ routingPolicy: 'LEAST_BUSY', memberIds: [], overflowTeamId: '' });
  });

  it('agents: invitation and edit bodies with numbers, skills and teams', () => {
    const draft = { ...agentDraft(null), email: ' new@example.test ', name: ' New ', capacity: '4', skills: ['billing'], teamIds: ['t1'] };
    expect(inviteBody(draft)).toEqual({ email: 'new@example.test', name: 'New', role: 'AGENT', capacity: 4, skills: ['billing'], teamIds: ['t1'] });
    const user = { id: 'u1', email: 'a@b.c', name: 'Ann', role: 'SUPERVISOR' as const, capacity: 3, active: false, memberships: [{ teamId: 't9' }] };
    expect(agentPatchBody(agentDraft(user))).toEqual({ name: 'Ann', role: 'SUPERVISOR', capacity: 3, skills: [], teamIds: ['t9'], active: false });
  });

  it('inboxes: no team left out on create, cleared with null on edit', () => {
    expect(inboxCreateBody({ name: ' Web ', channel: 'WEBCHAT', teamId: '', requiredSkills: [] })).toEqual({ name: 'Web', channel: 'WEBCHAT' });
    expect(inboxCreateBody({ name: 'Web', channel: 'SMS', teamId: 't1', requiredSkills: [] })).toEqual({ name: 'Web', channel: 'SMS', teamId: 't1' });
    expect(inboxPatchBody({ name: 'Web', channel: 'WEBCHAT', teamId: '', requiredSkills: ['zh'] })).toEqual({ name: 'Web', teamId: null, requiredSkills: ['zh'] });
  });

  it('tags: comma-separated words added once, in order', () => {
    expect(addTags(['a'], ' b, a ,, c ')).toEqual(['a', 'b', 'c']);
    expect(splitLines('x\n\n y ,z')).toEqual(['x', 'y', 'z']);
  });

  it('server validation details in words', () => {
    const error = new ApiError(400, 'invalid_input', 'businessHours.intervals.0.close: bad', [{ path: 'businessHours.intervals.0.close', message: 'must be a time like "09:00"' }, { nonsense: true }]);
    const problems = validationDetails(error);
    expect(problems).toEqual([{ path: 'businessHours.intervals.0.close', message: 'must be a time like "09:00"' }]);
    const names: Record<string, string> = { businessHours: 'Business hours', intervals: 'Opening hours', close: 'Closes' };
    expect(pathInWords(problems[0]!.path, (key) => names[key], (index) => `Row ${index}`)).toBe('Business hours › Opening hours › Row 1 › Closes');
    expect(pathInWords('mystery', () => undefined, String)).toBe('mystery');
    expect(validationDetails(new Error('x'))).toEqual([]);
    expect(validationDetails(new ApiError(409, 'conflict', 'taken'))).toEqual([]);
  });
});
