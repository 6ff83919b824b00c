/**
 * The words of the demo source: what people say about a fictional cloud brand on a normal day
 * and during an outage, in several languages. Kept apart from the timing logic in demo.ts.
 * `{brand}`, `{product}`, `{feature}`, `{region}`, `{code}`, `{minutes}` are filled in per post.
 */

export type DemoCategory = 'chatter' | 'marketing' | 'complaint' | 'outage';
export type DemoLang = 'en' | 'es' | 'de' | 'fr' | 'pt' | 'ja';

export const DEMO_PRODUCTS = ['Console', 'Drive', 'Functions', 'DB', 'CDN', 'Auth', 'Mail'];
export const DEMO_FEATURES = [
  'dark mode',
  'the new dashboard',
  'audit logs',
  'usage alerts',
  'the CLI',
  'SSO',
  'the mobile app',
  'autoscaling',
];
export const DEMO_REGIONS = ['us-east', 'us-west', 'eu-west', 'eu-central', 'ap-south', 'sa-east'];
export const DEMO_CODES = ['503', '502', '500', '504', '503 Service Unavailable', 'ERR_CONNECTION_RESET'];

export const DEMO_TEXTS: Readonly<Record<DemoCategory, Readonly<Partial<Record<DemoLang, readonly string[]>>>>> = {
  chatter: {
    en: [
      'Moved our staging env to {brand} {product} this week, so far so good',
      'Anyone using {brand} {product} with Terraform? Looking for module recommendations',
      'TIL {brand} {product} has {feature}. How did I miss this',
      'Our team finally finished the migration to {brand}. Coffee time ☕',
      'Comparing {brand} vs the big three for a side project, pricing looks sane',
      'Hot take: {brand} {product} docs are better than most',
      'Spent the afternoon setting up {feature} on {brand}, pretty painless',
      'Is {brand} {product} a good fit for a small SaaS? Asking for a friend',
      'Just deployed my first app on {brand} {product} 🎉',
      'The {brand} meetup in Berlin was great, thanks for the stickers',
      'Interesting write-up on how {brand} runs {product} in {region}',
      'Our {brand} bill went down 20% after switching on autoscaling',
    ],
    es: [
      'Probando {brand} {product} para un proyecto nuevo, de momento bien',
      '¿Alguien usa {brand} en producción? ¿Qué tal el soporte?',
      'Migramos a {brand} la semana pasada y todo estable',
    ],
    de: [
      'Wir testen gerade {brand} {product}, bisher ziemlich solide',
      'Hat jemand Erfahrung mit {brand} in {region}? Latenz ok?',
      'Endlich {feature} bei {brand} eingerichtet, lief problemlos',
    ],
    fr: ['On vient de passer sur {brand} {product}, rien à signaler', 'Quelqu’un a un retour sur {brand} pour une petite équipe ?'],
    pt: ['Testando o {brand} {product} num projeto pessoal, curtindo bastante', 'Alguém aí usa {brand} em produção? Vale a pena?'],
    ja: ['{brand} {product} を試してみた。設定がかなり簡単', '{brand} の {feature} 便利すぎる'],
  },
  marketing: {
    en: [
      'Announcing {feature} for {brand} {product}, available today in every region 🚀',
      'Join our live webinar Thursday: scaling {product} on {brand} without surprises',
      'New in {brand} {product}: {feature}. Try it free for 30 days',
      '{brand} {product} is now generally available in {region}',
      'Customer story: how a fintech cut latency by 40% with {brand} CDN',
      'Spring promo: 3 months of {brand} {product} on us with code SPRING25',
      'We are hiring SREs at {brand}! Remote friendly, check the careers page',
    ],
    es: ['Novedad en {brand} {product}: {feature}, disponible desde hoy'],
    de: ['Neu bei {brand}: {feature} für {product}, ab heute verfügbar'],
    fr: ['Nouveau chez {brand} : {feature} pour {product}, dès aujourd’hui'],
  },
  complaint: {
    en: [
      '{brand} support took 3 days to answer a billing ticket. Not great',
      'Why does the {brand} {product} UI log me out every hour',
      'The new {brand} pricing page is confusing, what counts as a request?',
      '{brand} {product} cold starts are still slow in {region}',
      'Got charged twice by {brand} this month, waiting on a refund',
      '{feature} on {brand} is half-finished, please fix the filters',
    ],
    es: ['El soporte de {brand} tarda muchísimo en responder'],
    de: ['Die neue Preisseite von {brand} versteht kein Mensch'],
    pt: ['O painel do {brand} está lento hoje de novo'],
  },
  outage: {
    en: [
      'is {brand} down? getting {code} on everything',
      '{brand} {product} down for anyone else?? our whole app is broken',
      "can't log in to {brand} console, login page just spins",
      '{brand} returning {code} in {region}, status page still says all green 🙄',
      'our deploys are failing, {brand} {product} API timing out',
      '@{brand}support is there an outage? {code} errors for {minutes} minutes now',
      '{brand} down again. third time this quarter',
      "Can't log in. Can't deploy. Can't do anything. Thanks {brand}",
      'PSA: {brand} {product} is having issues, not your code',
      '{brand} outage taking down half the internet apparently',
      'Customers are emailing us because {brand} is down, great morning',
      'Getting {code} from {brand} {product} since ~{minutes} min ago, anyone?',
      'is it just me or is {brand} {product} dead right now',
      'Our monitoring just lit up, {brand} {region} looks down',
      '{brand} login broken, 2FA codes never arrive',
    ],
    es: [
      '¿Se cayó {brand}? Me sale error {code}',
      '{brand} caído otra vez, no puedo entrar a la consola',
      'No puedo iniciar sesión en {brand}, ¿a alguien más le pasa?',
    ],
    de: [
      'Ist {brand} gerade down? Bekomme nur {code}',
      '{brand} {product} ist komplett ausgefallen, Login geht nicht',
      'Kann mich bei {brand} nicht einloggen, Störung?',
    ],
    fr: ['{brand} est en panne ? Erreur {code} partout', 'Impossible de me connecter à {brand} depuis {minutes} minutes'],
    pt: ['{brand} caiu? Só dá erro {code}', 'Não consigo fazer login no {brand}, alguém mais?'],
    ja: ['{brand} 落ちてる？ {code} しか返ってこない', '{brand} にログインできない、障害かな'],
  },
};

export const DEMO_HANDLE_PARTS = {
  first: [
    'dana',
    'maria',
    'kofi',
    'li',
    'sam',
    'priya',
    'jonas',
    'aiko',
    'lucas',
    'fatima',
    'noah',
    'elena',
    'omar',
    'yuki',
    'tom',
    'ines',
    'raj',
    'zoe',
  ],
  second: ['ops', 'dev', 'codes', 'cloud', 'builds', 'ships', 'sre', 'hacks', 'infra', 'data', 'web', 'stack'],
};

/** Where the demo's own status page stands, in simulated minutes after the surge starts. */
export const DEMO_INCIDENT_TIMELINE: readonly { at: number; status: string; impact: string }[] = [
  { at: 8, status: 'investigating', impact: 'major' },
  { at: 19, status: 'identified', impact: 'major' },
  { at: 31, status: 'monitoring', impact: 'minor' },
  { at: 52, status: 'resolved', impact: 'minor' },
];
