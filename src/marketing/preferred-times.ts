// The moments of the day a person may ask to be called back (the callback form, the assistant,
// the console). Pure module, no dependency.
/**
 * When a callback is wished. The slots cover the advisers' business hours (automation.yaml
 * businessHours, 9 h to 18 h: checked by tests/unit/lead-forms.test.ts); no slot means « dès que
 * possible ».
 */
export const PREFERRED_TIMES = ['morning', 'midday', 'afternoon', 'late'] as const;
export type PreferredTime = (typeof PREFERRED_TIMES)[number];
/** Start and end hour of each slot (Europe/Paris). */
export const PREFERRED_TIME_HOURS: Record<PreferredTime, [number, number]> = { morning: [9, 12], midday: [12, 14], afternoon: [14, 17], late: [17, 18] };
export const PREFERRED_TIME_LABELS: Record<PreferredTime, string> = {
  morning: 'Le matin (9\u00a0h – 12\u00a0h)',
  midday: 'Entre midi et deux (12\u00a0h – 14\u00a0h)',
  afternoon: 'L’après-midi (14\u00a0h – 17\u00a0h)',
  late: 'En fin de journée (17\u00a0h – 18\u00a0h)',
};
/** What no slot means, as the form and the advisers read it. */
export const PREFERRED_TIME_ANY = 'Dès que possible';
/** The slot as the advisers read it (a stored value), « Dès que possible » when none was chosen. */
export function preferredTimeText(value: unknown): string {
  return typeof value === 'string' && Object.hasOwn(PREFERRED_TIME_LABELS, value) ? PREFERRED_TIME_LABELS[value as PreferredTime] : PREFERRED_TIME_ANY;
}

