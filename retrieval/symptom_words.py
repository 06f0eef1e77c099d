"""The everyday words for the parts of each red-flag symptom (red_flags.py combines them into
patterns), so a new wording of a covered symptom needs a word here, not a new sentence; and
the statements the meaning layer compares clauses with."""

import json
from functools import lru_cache
from importlib.resources import files

# Lexicons: the everyday words for each part of a symptom. Patterns combine them, so a
# new wording of a covered symptom needs a word here, not a new sentence.
_URINE = (
    r"(bladder|pee|peed|peeing|wee|weed|weeing|wees|urine|urinate|urinating|piss|pissing|pass water|passing water"
    r"|make (the )?water|number one)"
)
_BOWEL = r"(bowels?|poo|poos|pooed|pooing|poop|pooped|pooping|stool|stools|number two|motions?)"
_TOILET = r"(toilet|loo|bathroom|restroom|the john|dunny)"
_LOSS = (
    r"(lost|losing|loss of|lose|no|without|trouble|difficulty|problems?|issues?) (with )?(any )?(control(ling)?)"
    r"|(can'?t|cannot|can not|couldn'?t|unable to|not able to|struggl(e|ing) to) (seem to |really |properly )?"
    r"(control|hold( it| on)?|stop)"
)
_LEAK = (
    r"(leak|leaks|leaked|leaking|leakage|dribbl(e|es|ed|ing)|escap(e|es|ed|ing)|comes? out|came out|coming out"
    r"|slips? out)"
)
_UNAWARE = (
    r"(without (ever |even )?(knowing|realising|realizing|noticing|feeling|my knowledge|any warning|warning)|no warning"
    r"|(didn'?t|don'?t|did not|do not|never) (even )?get (the |any |a |my )?(usual )?warning)"
)
_NUMB = (
    r"(numb|numbness|no feeling|lost (the )?feeling|no sensation|lost sensation|(reduced|less|dulled|muted|weird|odd|strange) (sensation|feeling)"
    r"|(feel|feels|feeling) (kind of |sort of |a bit |all )?(muted|dulled)|tingl(e|es|ing|y)|pins (and|&|n) needles"
    r"|dead feeling|(gone|went|feels?|feeling|is|all) (all |kind of |sort of )?dead|dead skin|can'?t feel (a thing|anything|much)"
    r"|feel nothing|felt nothing|feel nothin|felt nothin|no sense of|prickl(y|ing)|fizzy|buzzing|made of rubber|like rubber"
    r"|block of wood|belongs? to someone else|someone else'?s|(dentist'?s? |an? )?(injection|anaesthetic|anesthetic|novocaine)"
    r"|(is|are|it'?s) sleeping|like (it'?s |it is )?(sleeping|asleep)|(is|are|was|were|been|feels?) without (any )?(feeling|sensation)\b|asleep and (it )?(not|won'?t|doesn'?t) wake|feels? like (it'?s )?(sleeping|asleep)|cotton wool)"
)
_NUMB_AREA = (
    r"(groin|genitals?|genital area|privates|private parts?|my bits|between (my|the) legs|inner thighs?|saddle( area)?"
    r"|crotch|between legs|sitting part|perineum|perineal|taint|undercarriage|anus|bum ?hole|butt ?hole|arse ?hole|back passage|vagina|vulva|penis"
    r"|testicles|balls|down there|down below|nether regions|bum cheeks?|butt cheeks?|between (my|the) cheeks|buttocks|bottom"
    r"|rectum|back side|backside|insides? of (my |both |the |that |one )?(thighs?|legs)|labia|labium|scrotum|family jewels|the (place|part|bit) (where i sit|that touches)"
    r"|where i sit|under me|the seat|the saddle)"
)
_SEVERE = (
    r"(severe|terrible|terribly|horribly|excruciating|intense|unbearable|extreme|agoniz\w*|agonis\w*|agony|really bad|very bad|so bad"
    r"|worst( pain)?|off the charts?|(nearly|almost) (passed out|fainted|blacked out)|(so|really|very|extremely|incredibly) painful|awful|horrendous|horrific|crippling|scream(ing|in)?|roaring|insane|through the roof|unreal"
    r"|10 ?/ ?10|9 ?/ ?10|8 ?/ ?10 pain|(pain|painful|hurts)( is| at| of| about| rated| score)? 8 ?/ ?10(?! ?/ ?\d)|(8|9|10|eight|nine|ten) out of (10|ten)|10 from 10|(pretty|really|very|so|super) bad|(very )+big pain"
    r"|(painkillers|pain ?killers|tablets|meds|medication|paracetamol|ibuprofen|co-?codamol|codeine|tramadol|pills)"
    r" (are |is |do |does )?(n'?t|not|aren'?t|isn'?t|don'?t|doesn'?t) (even )?(touching|touch|helping|help|working|work|doing anything|making a dent)"
    r"|(scream|screams|screamed|screaming|yell|yells|yelled|yelling|shout|shouts|shouted|shouting|cry|cries|cried|crying|howl\w*)"
    r" (out )?(in pain )?(if|when|whenever|every time|each time) (anyone|someone|somebody|you|i|we|they|he|she|the carers?|staff) (\w+ )?"
    r"(move|moves|moved|touch|touches|touched|tries|try|tried|shift|shifts)|without (shouting|screaming|crying|yelling)( out)?( in pain)?)"
)
_TRAUMA = (
    r"(fell(?! asleep| in love| out| behind| for| apart| short| through| ill| pregnant)|fall(?! asleep| in love| out| behind| for| apart| short| ill| pregnant)"
    r"|fallen(?! asleep| in love| out| behind| for| ill| pregnant)|falling(?! asleep| in love| out| behind| for| apart| ill)|slipped|slid (out of|off|down)|accident|crash(?! out| on the (sofa|couch|bed))|crashed(?! out| on the (sofa|couch|bed)| at)|collision|hit by|knocked (off|over|down)|rear[- ]ended"
    r"|tumble|tackle|went down hard|came down (hard|on|from)|come down from|landed|landing|land on|ate it"
    r"|injury|injured|tumbled|thrown off|came off|came a cropper|missed (a|the|the last|the bottom) step|went flying"
    r"|tackled|down the (\w+ ){0,3}(stairs|steps)|off (a|the) ladder|off (my|the) bike|off (a|the) horse"
    r"|went into the back of|drove into|smashed into|hit (us|me|my car)|write-?off|sat down (really )?(hard|heavily)"
    r"|(took|taken|take|got|had|copped|caught) an? (\w+ ){0,3}(knock|whack|bang|blow) (to|on|at|in|during|playing|while|from)"
    r"(?! (my|his|her|the|their) (confidence|pride|ego|wallet|bank|finances|career|reputation|morale))"
    r"|kicked (by|in the)|(got|took|had) a kick (from|to|in|on))"
)
_CANT_BEAR = (
    r"(can'?t|cannot|can not|couldn'?t|unable to|not able to|haven'?t been able to) (really |properly )?"
    r"(walk|stand( up)?|bear (any )?weight|bare (weight|wait)|weight ?bear\w*|wb\b|put (any |my full |full )?weight on"
    r"|put (my |the |that |any )?(left |right )?(foot|leg) (down|on the (floor|ground))|move my leg|get up|sit( down)?|lift my leg|get (out of|up from|off) (a|the|my) (chair|bed|sofa|couch)"
    r"|get to (the|my) (bedroom|bathroom|toilet|loo|kitchen))|have to hop|hopping|limping badly"
    r"|(reluctant|refus\w*|unwilling) to (weight ?bear|bear (any )?weight|put (any )?weight)"
    r"|(can|could) (only )?(barely|hardly) (walk|stand( up)?|move|sit( down)?|bear weight)"
)
_FEVER = (
    r"(fever|feverish|febrile|high temp(erature)?|a temp(erature)?\b|chills|shivering|shivers|the shakes|shaking all over"
    r"|night sweats|sweats at night|sweating (at night|in bed|through)|burning up|hot and cold|hot then cold|cold then (hot|boiling|boilin)"
    r"|freezing then (boiling|burning)|forehead (is )?burning|rigors|thermometer\b.{0,30}\b(3[89]|4[01]|10[0-4])"
    r"|temp(erature)?\b.{0,15}\b(3[89]|4[01]|10[0-4])|(i'?m|im|i am|was) (3[89]|4[01])(\.\d)?\b|\bt ?(3[89]|4[01])\.\d\b)"
)
_SOAKED = r"(drenched|soaked|soaking|soak|soaks|dripping|wet through|sweating through)"
_WEIGHT_DOWN = (
    r"(lost|losing|dropped|dropping|down|shed) (like |about |around |nearly |almost |over |more than )?"
    r"((\d+(\.\d)?|a|two|three|half a) ?(kg|kgs|kilos?|pounds|lbs?|stone)|(a lot of |lots of |so much |some |loads of )?weight)"
)
_NO_REASON = (
    r"(without (even )?trying|not trying|(haven'?t|have not|hadn'?t|wasn'?t|not) (been )?(trying|dieting)|for no reason|without dieting|not dieting|no idea why|without changing"
    r"|haven'?t changed|eating (more|the same|normally)|unexplained)"
)
# a history of cancer ("I had breast cancer five years ago") and back pain, for the fever rule
_CANCER_HISTORY = (
    r"(?:i('ve| have)? (had|have|was treated for|beat|survived|am in remission from|finished treatment for) "
    r"(?!(a |my )?(friend|mum|mom|dad|husband|wife|partner|sister|brother|son|daughter|relative)\b)(\w+ ){0,2}cancer\b"
    r"(?! scare| test| screening)"
    # treatment that is recent, whoever has it ("dad's just finished treatment for prostate cancer")
    r"|(i'?m|i am|i'?ve|i have) (just |currently |still |recently )?(finished|finishing|having|started|starting|on|undergoing)"
    r" (\w+ )?(chemo\w*|radiotherapy|radiation|treatment) for (\w+ ){0,2}cancer\b"
    # a history stated as a case note states ("history of prostate cancer (2019), now new back pain")
    r"|(?<!family )(?<!family's )(?<!fam )(?<!family medical )(?<!family past )(?<!has a )(?<!'s a )(?<!had a )"
    r"(?<!has got a )(?<!'s got a )(?<!with a )(past |medical )?history of:? (\w+ ){0,2}cancer\b"
    r"(?![^.!?]{0,40}\bin ((the|my|our|his|her) )?(family|mum|mom|mother|dad|father|sister|brother|gran|nan|aunt|uncle)))"
)
# ...or someone else's, with their back pain ("dad's just finished treatment for prostate cancer
# and now his back aches"; not "my aunt is having chemo and my back aches")
_THEIR_CANCER_AND_BACK = (
    r"\b((he'?s|she'?s|'s|is|has) (just |currently |still |recently )?(finished|finishing|having|started|starting|on|undergoing)"
    r" (\w+ )?(chemo\w*|radiotherapy|radiation|treatment) for (\w+ ){0,2}cancer"
    r"|(he|she|'s|has|had) (got |has |had )?an? (past |medical )?history of (\w+ ){0,2}cancer"
    # a cancer of theirs told as past: "one of our residents, Mr B, had prostate cancer"
    r"|(he|she|mr \w+|mrs \w+|ms \w+|resident|patient|client|my (\w+ )?(husband|wife|partner|dad|father|mum|mom|mother"
    r"|gran|grandma|grandad|grandpa|nan|brother|sister|friend|client|patient)),? (has )?(had|beat|survived|was treated for)"
    r" (\w+ ){0,2}cancer)"
    r"\b.{0,120}\b((his|her) (lower |upper )?(back|spine)\b(?! (is|feels|has been) (fine|ok|okay|good|great|better|normal))"
    r"(?! (doesn'?t|does not|isn'?t|is not) (hurt|ache|sore|painful))|(he'?s|she'?s|he has|she has|he had|she had) (had |got |been having )?"
    r"(new |bad |severe |worsening |constant )?(lower |upper )?back (pain|ache))\b"
)
# the fever rule stays quiet when sweats are explained (heat, the menopause) or weight was lost on
# a diet, and nothing else of the rule is said (never with a cancer)
_EXPLAINED_SWEATS_OR_WEIGHT = (
    r"^(?!.*\b(fever|temperature|temp|thermometer|chills|shiver|shakes|cancer|weight|kilos?|kg|pounds|lbs|stone"
    r"|hanging off|falling off|unexplained)\b)"
    r"(?=.*\b(heatwave|heat wave|\d\d degrees|no air ?con|aircon|hot (flat|room|weather|night)|menopaus\w*"
    r"|perimenopaus\w*|hot flush\w*|hot flash\w*|HRT)\b)"
    r"|^(?!.*\b(fever|temperature|temp|thermometer|chills|shiver|shakes|cancer|sweat\w*|without (even )?trying"
    r"|not (trying|dieting)|without (a )?diet\w*|no diet|not on a diet|(haven'?t|hasn'?t|never|not) (been )?dieting"
    r"|haven'?t changed|no reason|no idea why|unexplained)\b)"
    r"(?=.*\b(diet|dieting|on purpose|trying to lose|calorie|slimming|ozempic)\b)"
)
_BACK_PAIN = (
    r"((back|spine)( and (my |his |her |the )?(bum|butt|bottom|buttocks?|glutes?|hips?|legs?|neck))? (pain|ache|aches|aching|hurts|hurt|is (sore|hurting|aching|painful))"
    r"|(ache|pain|aching) in (my |the )?(lower |low |upper |middle |mid )?(back|spine)"
    r"|(ache|pain|aching) in the (middle|small|lower part|bottom) of (my|the) back)"
)
_CALF = (
    r"(calf|calves|lower leg|shin|leg from the knee down|from the knee down|below (my|the) knee|(part )?under (my |the )?knee"
    r"|behind (my |the )?knee|back of (my |the )?knee|ankle (and )?(up )?to the knee|ankle and calf)"
)
_SWOLLEN = (
    r"(swollen|swelling|swelled|swole up|all swole|swolen|swells|puffy|puffed( up)?|bloated|blown up|ballooned|(like )?a balloon"
    r"|like a sausage|like bread dough|tight as a drum|chockers|tight and shiny|shiny|(big|huge|massive|fat) and (red|hot|warm|tight|shiny))"
)
_HOT = r"(hot|warm|red|redness|throbb(ing|s)|tender|sore to touch|burning|angry)"
_BIGGER = r"(bigger|fatter|thicker|chunkier|bulkier|larger|more swollen|puffier|wider|twice the size|double the size)"
_SELF_HARM = (
    r"(thinking (about|of) ending it\b(?! with| off)|kill(ing)? myself"
    r"|(?<!\bnot )(?<!\bnever )(called|rang|phoned|texted|messaged|contacted|been calling|had to call|ended up calling) (a |the |up )?(suicide|crisis|samaritans|suicide crisis|suicide prevention)( crisis)? ?(hot ?|help ?)?(line|team)?\b|suicid\w*\b(?! (prevention|awareness|training|squats?|hotline|helpline|help ?line|crisis (line|team|service|centre|center|charity)|charity|charities|rates?|statistics|research)\b)|unalive|end(ing)? (my life|it all)\b|(want|going|gonna|plan|planning) to end (it|things|everything)\b(?! with| off)"
    r"|(don'?t|do not|no longer) want to (live|be alive|be here|go on|wake up|exist)|wish i (was|were) dead"
    r"|wish i (could|would) (just )?(disappear|not wake up|sleep forever|die)|\bi (really |just |kinda |kind of )?(want|wanna) (to )?die\b"
    r"|(can'?t|cannot) (do this|go on|keep going|cope|take (it|this)) (any ?more|no more)|(no|don'?t see (the|a|any)|(what'?s|whats|wats|what is|(what )?was) the) point"
    r" (in|of|to)? ?(living|going on|carrying on|being here|being alive|life|anything|any of it|booking anything)"
    r"|better off (dead|without me|with ?out me|if i (was|were)n'?t here|gone|not here|not waking up|with someone else)"
    r"|better if i (die|died|was dead|were dead|was gone|wasn'?t here)|(nobody|no one|no-one) needs? me"
    r"|(no|don'?t see (the|a|any)|what'?s the) reason (to|for) (keep )?(living|going on|carrying on|being here|being alive)"
    r"|(finish|end|take) my (own )?life|(written|writing|wrote|write) (the |my )?(goodbye )?(letters?|notes?)\b"
    r"|giv(e|en|ing) away (my )?(things|stuff|belongings|possessions|pets?|dog|cat)|who gets (the|my) (dog|cat|things|stuff)"
    # picturing a way to die, or how much easier it would be not to wake up
    r"|(picture|picturing|imagine|imagining|think(ing)? about|thoughts of) (myself )?(stepping|jumping|throwing myself)"
    r" (in front of (a|the) (train|bus|lorry|truck|car|traffic)|off (a|the) (bridge|roof|building|cliff))"
    r"|(easier|better) if i (just )?(\w+ ){0,4}(didn'?t|did not|never|don'?t) (wake up|exist|come back up"
    r"|come back (at all|ever again|for good)|make it through the night)"
    r"|giv(e|en|ing) (most of |all of |some of )?my (things|stuff|belongings|possessions) away"
    r"|((sort|sorted|sorting|put|putting|got|getting) (out )?(all )?my affairs( in order)?|my affairs (are )?in order)"
    r"(?!.{0,40}\b(before|for) (moving|the move|my move|a move|emigrating|travel|my trip|retirement|surgery|the operation))"
    r"|(hurt|hurting|cut|cutting|harm|harming|burn|burning) (myself|my (arms?|legs?|wrists?|thighs?)) (with|to feel|on purpose"
    r"|deliberately|again)|disappear (for good|forever|for ever|permanently)|self[- ]?harm\w*"
    r"|cutting (myself|again|my (arms?|legs?|wrists?|thighs?))|(been|started|keep) (hurting|harming|cutting|burning) myself"
    r"|(stockpil\w*|saving( up)?|saved( up)?|hoarding|collecting) (my )?(\w+ )?(pills|tablets|meds|medication|painkillers)"
    r"|overdos\w*|take all my (pills|tablets|meds)|taking all (of )?my (pills|tablets|meds) (at once|together|in one go)|rat poison|bought (some )?poison|bought (a )?rope"
    r"|(drive|driving|crash|crashing|steer|steering) (my car )?(into|off) (a|the) (wall|tree|bridge|cliff|truck|lorry|road)"
    r"|throw(ing)? myself (off|in front of|under)|jump(ing)? (off (a|the) (bridge|building|roof|cliff)|in front of (a|the)"
    r" (train|bus|car|lorry|truck))|(balcony|bridge|roof|ledge|railing|edge)\b.{0,60}\b(think|thinking|thought) about"
    r"|(rifle|shotgun|gun)\b.{0,40}\bnot (come|coming) back|engine (going|running)\b.{0,60}\b(not to|never) open"
    r"|tired of (living|being alive|being here|(the |my )?life|existing)|make my life (finish|end|stop)|not (be|being) around (much longer|anymore|next)"
    r"|won'?t be (needing (it|them|anything)|around|here) (much longer|anymore|any more|after)"
    r"|(don'?t|do not) think i'?ll be (around|here) (much longer|for much longer|anymore|any more)\b"
    r"|(not|never) (bother )?wak(e|ing)( up)?\b|don'?t (really )?care if i (wake up|live|die|make it)"
    r"|goodbye (letters?|notes?)|i'?m done with (life|living|everything|it all)|give up on (life|living|everything)"
    r"|(nobody|no one) would (miss|notice|care)|everyone'?d be better|everyone would be better|burden (to|on) (everyone|my family|them|everybody))"
)
# someone else's thoughts of suicide, as the person who heard them tells it ("my son told me he's
# been thinking about killing himself"); not a death or a past attempt ("killed himself", "tried
# ... last year"), a denial ("she's not suicidal"), a plan to move ("doesn't want to live in
# London") nor a figure of speech ("he'll kill himself on that skateboard lol")
_THEM = (
    r"(he|she|they|(my|our) (\w+ )?(mum|mom|mother|dad|father|husband|wife|partner|boyfriend|girlfriend|bf|gf|friend|mate"
    r"|sister|brother|son|daughter|gran|granny|grandma|grandad|grandpa|nan|client|patient|colleague|flatmate|roommate))"
)
# who said it of themselves, by the pronoun they would use ("my brother said we'd be better off without him")
_HE = r"(he|my (\w+ )?(dad|father|husband|boyfriend|bf|son|brother|grandad|grandpa|uncle))"
_SHE = r"(she|my (\w+ )?(mum|mom|mother|wife|girlfriend|gf|daughter|sister|gran|granny|grandma|nan|aunt|auntie))"
_THEY = r"(they|my (\w+ )?(partner|friend|mate|client|patient|colleague|flatmate|roommate))"
_SAID = r"(said|says|keeps saying|kept saying|told (me|us)|tells (me|us))"
_NO_DENIAL = r"(?:(?!\b(not|never|no)\b|n'?t\b)[^.!?]){0,40}?"
_THEIR_SELF_HARM = (
    # the jokes-and-past lookaheads come after the person, not before: at the pattern's start
    # they would scan the rest of the sentence from every position (quadratic on long input)
    rf"\b{_THEM}\b"
    rf"(?![^.!?]{{0,200}}\b(lol|haha|lmao|jk|joking|kidding|every time|leg day)\b)"
    rf"(?![^.!?]{{0,200}}\b(years? ago|months? ago|last (year|month)|in (19|20)\d\d|when (he|she|they) (was|were))\b)"
    rf"{_NO_DENIAL}\b(thinking|thought|thinks|think|talking|talked|talks|talkin|planning|plans|plan|planned|wants?|wanted"
    r"|wanting|tried|trying|mentioned|mentions|admitted|said|says|saying|told me)\b(?:(?!\b(not|never|no)\b|n'?t\b)[^.!?]){0,25}?"
    r"\b(kill(ing|in)? (himself|herself|themselves|themself)|end(ing)? (his|her|their) (own )?life|end(ing)? it all"
    r"|tak(e|ing) (his|her|their) (own )?life|suicide\b(?! (prevention|awareness|training|squats?|hotline|helpline|help ?line|crisis (line|team|service|centre|center|charity)|charity|charities|rates?|statistics|research)\b)"
    r"|o\.?d\.?|overdose|take an overdose|ending it\b(?! with| off| all)"
    r"|(he|she|they) (wants?|wanted) to die|(he|she|they) wish(es|ed)? (he|she|they) (was|were) dead"
    r"|(he'?s|she'?s|they'?re|(he|she) is|they are|(he|she|they) (was|were)) (going to|gonna) end it\b(?! with| off)"
    r"|(he|she|they)('d| would) be better off dead)\b(?! (doing|on (that|his|her|their)|at work|with (work|training)))"
    rf"|\b{_THEM}('s| is|'re| are| has been| have been| seems| sounds| feels?| became| got)( (?!not\b|never\b)\w+)? suicidal\b"
    r"|\b(a|his|her|their) plan to (end|take) (his|her|their) (own )?life\b"
    # what they said of themselves: "she said we'd be better off without her"
    rf"|\b({_SHE} {_SAID}\b[^.!?]{{0,80}}\bbetter off without her|{_HE} {_SAID}\b[^.!?]{{0,80}}\bbetter off without him"
    rf"|{_THEY} {_SAID}\b[^.!?]{{0,80}}\bbetter off without (him|her|them))\b(?= *([,.;!?]|$|and\b|but\b|now\b|anymore))"
    rf"|\b{_THEM} (doesn'?t|does not|don'?t|do not|no longer) want(s)? to (live|be alive|go on) any ?more\b"
    rf"|\b{_THEM} want(s|ed)? (to not|not to) ((live|be alive|go on|exist)( any ?more)?|(be here|be around) any ?more)\b"
    rf"|\b{_THEM}\b{_NO_DENIAL}\b(thinking|thought|thinks|think|talking|talked|talks|planning|plans|wants?|wanted|urges?)"
    r" (about |of |to )?(hurting|harming|hurt|harm) (himself|herself|themselves|themself)\b"
    rf"|\b{_THEM} (has|have|had|is|are|'s|'re)( been)? (hurting|harming|cutting|burning) (himself|herself|themselves)"
    r" (on purpose|deliberately)\b"
)


# Each lexicon is one group, so a pattern can use it as a unit ("\b{_LOSS}\b.{0,50}...").
(
    _URINE,
    _BOWEL,
    _TOILET,
    _LOSS,
    _LEAK,
    _UNAWARE,
    _NUMB,
    _NUMB_AREA,
    _SEVERE,
    _TRAUMA,
    _CANT_BEAR,
    _FEVER,
    _SOAKED,
    _WEIGHT_DOWN,
    _NO_REASON,
    _CALF,
    _SWOLLEN,
    _HOT,
    _BIGGER,
    _SELF_HARM,
) = (
    f"(?:{_URINE})",
    f"(?:{_BOWEL})",
    f"(?:{_TOILET})",
    f"(?:{_LOSS})",
    f"(?:{_LEAK})",
    f"(?:{_UNAWARE})",
    f"(?:{_NUMB})",
    f"(?:{_NUMB_AREA})",
    f"(?:{_SEVERE})",
    f"(?:{_TRAUMA})",
    f"(?:{_CANT_BEAR})",
    f"(?:{_FEVER})",
    f"(?:{_SOAKED})",
    f"(?:{_WEIGHT_DOWN})",
    f"(?:{_NO_REASON})",
    f"(?:{_CALF})",
    f"(?:{_SWOLLEN})",
    f"(?:{_HOT})",
    f"(?:{_BIGGER})",
    f"(?:{_SELF_HARM})",
)


STATEMENTS_FILE = "red_flag_statements.json"


BENIGN_DESCRIPTIONS = (
    "my bladder is fine",
    "my legs are strong",
    "both legs are fine",
    "my muscles are sore after the gym",
    "my leg fell asleep for a minute",
    "my leg goes numb if I sit on it too long",
    "dead butt syndrome from sitting all day",
    "this pain is killing me",
    "I'm dying to know",
    "leg day destroyed me",
    "my chest is sore from bench press",
    "my dad had a heart attack years ago",
    "I had a blood clot years ago and it was treated",
    "I have asthma",
    "I sweat a lot when I work out",
    "my glutes are tight",
    "I'm stiff after sitting all day",
    "I feel tired after work",
    "I bumped my leg and it is bruised",
    "my legs are slightly different lengths",
    "I walk a bit lopsided",
    "my butt cheeks look uneven",
    "one leg feels a bit different from the other",
    "my tailbone has been sore for a while",
    "I want a massage for my calves",
    "my calves ache after a long shift",
    "my calf cramped during a run",
    "my doctor checked my leg and it was fine",
    "my hip aches after a long day on my feet",
    "I have lower back pain",
    "my knees hurt when I run",
    "can a glute massage help",
    "my bum goes numb on long bike rides and comes back",
    "I pulled a muscle last month and it is better now",
    "my hamstrings are tight",
)


@lru_cache(maxsize=1)
def _statements() -> dict:
    """More everyday statements per rule and harmless look-alikes, written by a helper who saw
    only the articles and the rule definitions (45 per rule, 200 benign), then 25 more per
    rule in indirect, understated and slang wording and 100 more look-alikes, by a helper
    who saw only the rule definitions (70 per rule, 300 benign)."""
    return json.loads((files("retrieval") / STATEMENTS_FILE).read_text(encoding="utf-8"))


def symptom_statements(rule) -> tuple[str, ...]:
    """What the meaning layer compares clauses with for ``rule``."""
    return (*rule.descriptions, *_statements()["rules"].get(rule.id, ()))


def benign_statements() -> tuple[str, ...]:
    return (*BENIGN_DESCRIPTIONS, *_statements()["benign"])


def matcher_texts(rules) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(the rule id of each symptom statement, the statements, the harmless ones), in the order
    the meaning layer embeds them; the index stores their vectors so start-up needs no pass."""
    owners = tuple(rule.id for rule in rules for _ in symptom_statements(rule))
    symptoms = tuple(text for rule in rules for text in symptom_statements(rule))
    return owners, symptoms, benign_statements()
