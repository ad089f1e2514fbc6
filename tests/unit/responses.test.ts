// The no-JavaScript 422 page: every value typed is offered again, the consent boxes as checkboxes.
import { describe, expect, it } from 'vitest';
import { validationPage } from '../../src/edge/responses';
import { FIELD_LABELS } from '../../src/marketing/lead-forms';

describe('validationPage', () => {
  const page = (values: Record<string, string>) =>
    validationPage({ errors: { email: 'Adresse e-mail invalide.' }, values, labels: FIELD_LABELS, token: 't', back: '/guide-gratuit/' });

  it('keeps the values and the ticked boxes as ticked checkboxes', () => {
    const html = page({ kind: 'guide', firstName: 'Inès', email: 'ines@', consentMarketing: 'yes', consentTracking: 'yes' });
    expect(html).toContain('<input id="f-firstName" name="firstName" value="Inès">');
    expect(html).toContain('<input type="checkbox" id="f-consentMarketing" name="consentMarketing" value="yes" checked>');
    expect(html).toContain('<input type="checkbox" id="f-consentTracking" name="consentTracking" value="yes" checked>');
    expect(html).toContain('<input type="hidden" name="kind" value="guide">');
  });

  it('offers lists again as lists, in French, with the choice kept; campaign tags stay hidden', () => {
    const html = page({ kind: 'callback', firstName: 'Inès', email: 'ines@', situation: 'job-seeker', ageBracket: '18-25', utm_source: 'google', training: 'cap-maintenance-vehicules' });
    expect(html).toContain('<option value="job-seeker" selected>Demandeur ou demandeuse d’emploi</option>');
    expect(html).toContain('<option value="18-25" selected>18 à 25 ans</option>');
    expect(html).toContain('<input type="hidden" name="utm_source" value="google">');
    expect(html).toContain('<input type="hidden" name="training" value="cap-maintenance-vehicules">');
    expect(html).not.toContain('value="job-seeker"><');
  });

  it('offers the unticked consent boxes again, unticked', () => {
    const html = page({ kind: 'guide', firstName: 'Inès', email: 'ines@' });
    expect(html).toContain('<input type="checkbox" id="f-consentMarketing" name="consentMarketing" value="yes">');
    expect(html).toContain('<input type="checkbox" id="f-consentTracking" name="consentTracking" value="yes">');
  });
});
