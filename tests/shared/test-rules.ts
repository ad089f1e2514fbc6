// The rules of content/ plus two fixtures the promises suite needs whatever the calendar says: a
// webinar three days from now with two seats, and a broadcast due in an hour to the newsletter
// list and the garages segment. Used by the Node suites and written as the Worker's rules.json.
import { readRules } from '../../src/edge/rules-snapshot';
import { compileEmail } from '../../src/automation/compile-emails';
import type { RulesSnapshot } from '../../src/edge/deps';

export const TEST_WEBINAR = 'webinaire-de-test';
export const TEST_BROADCAST = 'broadcasts/envoi-de-test';
/** The test broadcast is due this long after the rules are made (the suite joins its members first). */
export const BROADCAST_DELAY_MS = 3_600_000;

export function testRules(now = new Date()): RulesSnapshot {
  const rules = readRules('content');
  const start = new Date(now.getTime() + 3 * 86_400_000);
  start.setUTCHours(17, 30, 0, 0);
  rules.webinars = [...rules.webinars, TEST_WEBINAR];
  rules.webinarEvents = [
    ...rules.webinarEvents,
    {
      slug: TEST_WEBINAR,
      title: 'Webinaire de test',
      description: 'Une session de test pour vérifier les places, la liste d’attente et les rappels.',
      startsAt: start.toISOString(),
      durationMinutes: 60,
      capacity: 2,
      status: 'prevu',
      previousStartsAt: null,
      joinUrl: 'https://visio.example/salle-de-test',
      replayUrl: null,
      speaker: { name: 'Équipe pédagogique MécaFormation', role: 'Formateurs' },
    },
  ];
  const problems: string[] = [];
  const broadcast = compileEmail(
    `---\nsubject: "Un envoi de test"\npreheader: "Un envoi ponctuel de test à la liste et à un segment."\nsendAt: "${new Date(now.getTime() + BROADCAST_DELAY_MS).toISOString()}"\naudience:\n  lists: [newsletter]\n  segments: [garages]\ncta:\n  label: "Voir les formations"\n  href: "/formations/"\n---\nBonjour {prenom},\n\nCeci est un envoi ponctuel de test.\n`,
    'tests/shared/test-rules.ts',
    TEST_BROADCAST,
    'broadcasts',
    problems,
  );
  if (!broadcast) throw new Error(problems.join('\n'));
  rules.emails = [...rules.emails, broadcast];
  return rules;
}
