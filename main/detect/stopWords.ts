/**
 * Function words of the languages whose outages we read (en, es, fr, de, pt, ja), so the terms
 * an alert shows say what broke ("login", "503", "checkout") rather than how people write.
 * Written for this product after the usual function-word lists (Snowball's for the European
 * languages: articles, pronouns, prepositions, conjunctions, auxiliaries), plus what social
 * posts add in every surge: modals and "get" verbs ("getting", "puedo", "kann"), and the
 * "anyone else?" words ("else", "alguien", "quelqu'un", "jemand", "alguém"), and the frame
 * complaints are written in (durations, thanks, please), and chat filler ("ugh", "lol", "mdr").
 *
 * Deliberately kept as terms: "down", "can't", "cannot" and "again" (in the usual lists, but
 * "down" is the outage itself and the others mark a complaint), and content verbs
 * such as "working", "funciona", "marche", "geht", which complaint phrases are built on.
 *
 * Japanese is tokenized into character bigrams (no spaces), so its list is the particles
 * (one character) and the two-character function morphemes (demonstratives, copulas,
 * auxiliaries) a bigram can be.
 */

const EN = `a about above after against all also am an and any anybody anyone anything are aren't as at be because been before
being below between both but by could couldn't did didn't do does doesn't doing don't during each else even every everybody
few for from further get gets getting got gotten had hadn't has hasn't have haven't having he her here hers herself him himself
his how i i'd i'll i'm i've if in into is it it's its itself just let's like me might more most much must my myself no nor not
now of off on once only or other our ours ourselves out over own really same she should shouldn't so some somebody someone
something still such than that that's the their theirs them themselves then there there's these they they're this those
through to too under until up us very was wasn't we we're were weren't what what's when where which while who whom why will
with would wouldn't yeah yes you you're your yours yourself rt actually apparently anyway basically literally
maybe probably right seriously totally`;

const ES = `a al algo alguien algunas algunos ante antes aquí así aun aún como con contra cual cuando de del desde donde durante e
el él ella ellas ellos en entre era eran eres es esa esas ese eso esos esta está estaba estado estamos están estar estas este
esto estos estoy estás fue fueron ha había han has hasta hay he hemos la las le les lo los me mi mí mis mucho muy más nada
ni no nos nosotros o os otra otras otro otros para pero poco por porque puede pueden puedes puedo podemos poder qué que quien
se sea ser si sí sin sobre soy son su sus también tanto te tengo tiene tienen ti todo todos tu tú tus un una uno unos usted
ustedes vosotros y ya yo`;

const FR = `à ai aie as au aussi autre aux avec avez avoir avons ça c'est ce cela ces cet cette d'un d'une dans de des du elle
elles en encore es est et été être eu eux il ils j'ai je la le les leur leurs lui ma mais me même mes moi mon n'est ne nos
notre nous on ont ou où par pas peut peuvent peux pour pouvez qu'il qu'on quelqu'un que qui sa se ses si son sont suis sur ta
te tes toi ton très tu un une vos votre vous y`;

const DE = `aber alle allem allen aller alles als also am an andere anderen auch auf aus bei bin bis bist da damit dann das
dass dem den der des die dies diese diesem diesen dieser doch du ein eine einem einen einer eines er es euch euer eure für
gerade hab habe haben hat hatte hier ich ihr ihre im in ist ja jemand jetzt kann kannst kein keine können mal man mein meine
mich mir mit muss nach nicht nichts noch nun nur ob oder ohne schon sehr sein seine sich sie sind so um und uns unser
unter viel vom von vor war waren was weil wenn werden wie wieder wir wird wo zu zum zur`;

const PT = `à a agora ainda alguém ao aos aquela aquele as às até com como consigo da das de dela dele depois do dos e é ela
ele elas eles em entre era essa esse está estão estou estava eu foi for há isso isto já lhe mais mas me meu minha muito na
nas não nem no nos nós num numa o os ou para pela pelo pode podem porque posso quando que quem se sem ser seu sua são só sou
também te tem tenho ter teu tua tu um uma você vocês`;

const JA = `が の は を に で と も へ や か よ ね な これ それ あれ この その あの ここ そこ どこ です ます でし まし した して
から まで けど ので など こと もの よう ない ある いる なる する って だけ でも また`;

/**
 * Not function words, but the frame every complaint is written in, whatever broke: how long
 * ("for 20 minutes now", "desde hace 10 minutos", "seit Stunden") and the thanks and please
 * around it. They rise in every surge and name nothing.
 */
const FRAMING = `minute minutes min mins hour hours hr hrs second seconds sec secs ago since thanks thank thx please pls plz
minuto minutos hora horas segundos hace desde gracias porfa heure heures seconde secondes depuis merci minuten stunde
stunden sekunden seit danke bitte obrigado obrigada 分 時間 秒`;

/**
 * Chat filler: interjections, laughter, swearing used as punctuation, the texting forms of
 * function words ("rn", "tbh", "im", "dont"), and "lit" (slang, or "monitoring just lit up").
 * They ride on every angry post and say nothing about what broke. Words that carry the outage
 * ("down", "lag", "crash", "error", "broken", "503") are not here, and neither is "halt",
 * which can be the outage itself.
 */
const CHAT = `ugh oof meh hmm hm um uh oh ah eh ew wow whoa yikes welp yay oops ok okay yep yup nope nah lol lolol lmao
lmfao rofl haha hahaha hahahaha hehe omg omfg wtf wth ffs smh rn tbh imo imho idk ikr ngl btw fr af asf istg lmk ty tho bruh
lit bro dude guys folks yall y'all im ive ur gonna wanna gotta kinda sorta dont doesnt didnt isnt wasnt arent havent hasnt whats
thats theres
jaja jajaja jajajaja jsjs jsjsjs xd xq pq tmb ps uf uff ay bueno pues vale oye wey güey neta joder hostia serio literalmente
gente mano plis
mdr ptdr jpp svp stp wesh putain ptn bordel sérieux franchement vraiment littéralement bon ben bah euh oups bref trop tkt jsp
alter digga krass boah ey naja echt wirklich eigentlich irgendwie leute sorry scheiße scheiß scheiss mist ach
kk kkk kkkk kkkkk rs rsrs rsrsrs né aff affs poxa pfv vc vcs tb tbm mt mto sério www ww`;

/** Japanese chat filler ("lol", "seriously", "really"), unfolded: folding would turn "マジ" into "マシ" of "マシン". */
const CHAT_JA = `笑 草 マジ まじ 本当 ほんと`;

/**
 * Each word, and for the Romance lists its unaccented spelling too: people type "nao" and
 * "esta" as often as "não" and "está". Not German: "über" unaccented is "ueber", and "uber"
 * is a brand people report outages of.
 */
function build(lists: ReadonlyArray<[string, boolean]>): Set<string> {
  const out = new Set<string>();
  for (const [list, fold] of lists) {
    for (const w of list.split(/\s+/)) {
      if (w === '') continue;
      out.add(w);
      if (fold) out.add(w.normalize('NFD').replace(/\p{M}+/gu, ''));
    }
  }
  return out;
}

/** Lower-cased, NFKC, as `normalizeText` leaves tokens. */
export const STOP_WORDS: ReadonlySet<string> = build([
  [EN, false],
  [ES, true],
  [FR, true],
  [DE, false],
  [PT, true],
  [JA, false],
  [FRAMING, true],
  [CHAT, true],
  [CHAT_JA, false],
]);
