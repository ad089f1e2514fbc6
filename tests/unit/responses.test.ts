// The edge's own pages: the no-JavaScript 422 page offers every value typed again (the consent
// boxes as checkboxes, the lists as lists), marks the fields in error; and the site layout they
// are shown in (src/edge/edge-layout.ts).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { infoPage, validationPage } from '../../src/edge/responses';
import { inLayout, prepareTemplate } from '../../src/edge/edge-layout';
import { FIELD_LABELS } from '../../src/marketing/lead-forms';

describe('validationPage', () => {
  const page = (values: Record<string, string>, errors: Record<string, string> = { email: 'Adresse e-mail invalide.' }) =>
    validationPage({ errors, values, labels: FIELD_LABELS, token: 't', back: '/guide-gratuit/' });
  const tag = (html: string, id: string) => new RegExp(`<(?:input|select|textarea)[^>]* id="${id}"[^>]*>`).exec(html)?.[0] ?? '';

  it('keeps the values and the ticked boxes as ticked checkboxes', () => {
    const html = page({ kind: 'guide', firstName: 'Inès', email: 'ines@', consentMarketing: 'yes', consentTracking: 'yes' });
    expect(tag(html, 'f-firstName')).toMatch(/ name="firstName" value="Inès">$/);
    expect(tag(html, 'f-consentMarketing')).toMatch(/type="checkbox" id="f-consentMarketing" name="consentMarketing" value="yes" checked>$/);
    expect(tag(html, 'f-consentTracking')).toMatch(/type="checkbox" id="f-consentTracking" name="consentTracking" value="yes" checked>$/);
    expect(html).toContain('<input type="hidden" name="kind" value="guide">');
  });

  it('offers lists again as lists, in French, with the choice kept; campaign tags stay hidden', () => {
    const html = page({ kind: 'callback', firstName: 'Inès', email: 'ines@', phone: '06', preferredTime: 'late', situation: 'job-seeker', ageBracket: '18-25', region: 'Bretagne', utm_source: 'google', training: 'cap-maintenance-vehicules' });
    expect(html).toContain('<option value="job-seeker" selected>Je suis en recherche d’emploi</option>');
    expect(html).toContain('<option value="18-25" selected>18 à 25 ans</option>');
    expect(html).toContain('<option value="Bretagne" selected>Bretagne</option>');
    // No slot chosen means « Dès que possible », offered as the list's empty choice.
    expect(html).toContain('<option value="">Dès que possible</option><option value="morning">');
    expect(html).toContain('<option value="late" selected>En fin de journée (17\u00a0h – 18\u00a0h)</option>');
    expect(html).toContain('<input type="hidden" name="utm_source" value="google">');
    expect(html).toContain('<input type="hidden" name="training" value="cap-maintenance-vehicules">');
    expect(html).not.toContain('value="job-seeker"><');
  });

  it('offers the unticked consent boxes again, unticked; none on the profile follow-up', () => {
    const html = page({ kind: 'guide', firstName: 'Inès', email: 'ines@' });
    expect(tag(html, 'f-consentMarketing')).toMatch(/name="consentMarketing" value="yes">$/);
    expect(tag(html, 'f-consentTracking')).toMatch(/name="consentTracking" value="yes">$/);
    expect(page({ kind: 'profile', email: 'ines@', region: 'Bretagne' })).not.toContain('consentMarketing');
  });

  it('marks each field in error: aria-invalid, its message with an icon, a visible error style', () => {
    const html = page({ kind: 'callback', firstName: 'Inès', email: 'ines@', phone: '12' }, { email: 'Adresse e-mail invalide.', phone: 'Numéro inconnu.' });
    for (const field of ['email', 'phone']) {
      expect(tag(html, `f-${field}`)).toMatch(new RegExp(`aria-invalid="true" aria-describedby="e-${field}">$`));
      expect(tag(html, `f-${field}`)).toMatch(/ class="field /);
      expect(html).toMatch(new RegExp(`<p class="err[^"]*" id="e-${field}"><svg aria-hidden="true"`));
    }
    expect(tag(html, 'f-firstName')).not.toContain('aria-invalid');
    // The field's class (src/styles/global.css) draws a field in error in red, its border thicker.
    const utility = /@utility field \{([^}]*)\}/.exec(readFileSync('src/styles/global.css', 'utf8'))?.[1];
    expect(utility).toMatch(/aria-\[invalid=true\]:border-2 aria-\[invalid=true\]:border-\[#a3122a\]/);
    expect(html).toContain('<li><a href="#f-email">Adresse e-mail</a>\u202f: Adresse e-mail invalide.</li>');
  });
});

describe('the edge pages in the site layout', () => {
  const template = '<html><head><title>EDGE_SLOT_TITLE | MécaFormation</title><link rel="canonical" href="https://x/_edge/erreur/"><meta property="og:url" content="https://x/_edge/erreur/"><meta property="og:title" content="EDGE_SLOT_TITLE"></head><body><header>Site</header><main><h1 class="t">EDGE_SLOT_TITLE</h1><div>EDGE_SLOT_BODY</div></main><footer>Pied</footer></body></html>';

  it('puts the title and the content in the slots, without the template’s own address', () => {
    const ready = prepareTemplate(template)!;
    expect(ready).not.toMatch(/canonical|og:url/);
    const html = inLayout(ready, infoPage('Désabonnement « confirmé » & fini', 'C’est fait $& $1 EDGE_SLOT_BODY.'))!;
    expect(html).toContain('<title>Désabonnement « confirmé » &amp; fini | MécaFormation</title>');
    expect(html).toContain('<meta property="og:title" content="Désabonnement « confirmé » &amp; fini">');
    expect(html).toContain('<h1 class="t">Désabonnement « confirmé » &amp; fini</h1>');
    expect(html).toContain('<p class="mt-4">C’est fait $&amp; $1 EDGE_SLOT_BODY.</p>');
    expect(html).toContain('<header>Site</header>');
    expect(html.match(/<h1/g)).toHaveLength(1);
  });

  it('leaves a page alone without a usable template, and ignores what is not an edge page', () => {
    expect(prepareTemplate('<html><body><main>no slot</main></body></html>')).toBeNull();
    expect(prepareTemplate(template.replace('EDGE_SLOT_BODY', 'EDGE_SLOT_BODY EDGE_SLOT_BODY'))).toBeNull();
    expect(inLayout(prepareTemplate(template)!, '<html><body><main><h1>Autre</h1></main></body></html>')).toBeNull();
  });
});
