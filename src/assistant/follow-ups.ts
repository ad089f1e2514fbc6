// What each follow-up of chatbot.yaml offers: a button that asks the assistant a question, or a
// link to the page that answers. A follow-up without an entry here fails the build (file, field).
import type { Marketing } from '../marketing/config.ts';
import type { ScenarioData } from './engine.ts';
import { fold } from './language.ts';

const FOLLOW_UPS: Record<string, ScenarioData['followUps'][number]> = {
  'primo-arrivant': { label: 'Je cherche un premier emploi (18 à 25 ans)', href: '/pour-qui/primo-arrivants/' },
  reconversion: { label: 'Je change de métier', href: '/pour-qui/reconversion/' },
  garage: { label: 'Je forme l’équipe d’un garage', href: '/pour-qui/garages/' },
  financement: { label: 'Les financements possibles', message: 'Comment financer ma formation ?' },
  details: { label: 'Le prix de chaque formation', href: '/tarifs-financement/' },
  inscription: { label: 'S’inscrire', href: '/inscription/' },
  diagnostic: { label: 'Le diagnostic électronique', message: 'Formation diagnostic électronique' },
  formation: { label: 'Toutes les formations', href: '/formations/' },
  debouches: { label: 'Les débouchés du métier', message: 'Quels débouchés après la formation ?' },
};

export function scenarioData(marketing: Pick<Marketing, 'chatbot'>): ScenarioData[] {
  return marketing.chatbot.scenarios.map((s, i) => ({
    key: s.key,
    triggers: s.triggers,
    response: s.response,
    followUps: s.followUps.map((f, j) => {
      const entry = FOLLOW_UPS[fold(f).replace(/ /g, '-')];
      if (!entry) throw new Error(`content/marketing/chatbot.yaml : scenarios[${i}].followUps[${j}] : « ${f} » n’a pas d’action dans src/assistant/follow-ups.ts (connues : ${Object.keys(FOLLOW_UPS).join(', ')})`);
      return entry;
    }),
  }));
}
