"""The red-flag table: symptoms that need a doctor now, not a massage.

One row per rule. ``patterns`` are the exact-phrase layer (regular expressions, matched
negation-aware per clause); ``descriptions`` are the wording-independent layer: everyday
descriptions of the symptom that a message's clauses are compared with by embedding
similarity. Every row carries a message that must trigger it and a denied one that must not
(tests/test_safety.py runs them all). ``BENIGN_DESCRIPTIONS`` (symptom_words.py) are ordinary statements that
look like symptoms ("leg day destroyed me", "my leg fell asleep"): a clause must be closer to
a symptom than to these.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RedFlagRule:
    id: str
    concern: str  # shown in the urgent notice: "... {concern} ..."
    patterns: tuple[str, ...]
    descriptions: tuple[str, ...]
    example: str  # must trigger this rule
    negated_example: str  # must trigger nothing
    show_passages: bool = True  # article passages may follow the notice
    # How close a clause must be to one of the rule's statements (meaning layer): per rule, just
    # above the closest harmless clause among every dev question (tools: eval/README.md).
    similarity: float = 0.75
    # The meaning layer also needs this somewhere in the message, undenied (fever counts
    # with pain: "night sweats in a heatwave" alone is not this rule).
    context: str | None = None
    # Neither layer raises this rule when the message matches this (the common, harmless
    # version of the symptom: a numb bum from sitting, with nothing in the saddle itself).
    quiet_when: str | None = None


from .symptom_words import (
    _BACK_PAIN,
    _BIGGER,
    _BOWEL,
    _CALF,
    _CANCER_HISTORY,
    _CANT_BEAR,
    _EXPLAINED_SWEATS_OR_WEIGHT,
    _FEVER,
    _HOT,
    _LEAK,
    _LOSS,
    _NO_REASON,
    _NUMB,
    _NUMB_AREA,
    _SELF_HARM,
    _SEVERE,
    _SOAKED,
    _SWOLLEN,
    _THEIR_CANCER_AND_BACK,
    _THEIR_SELF_HARM,
    _TOILET,
    _TRAUMA,
    _UNAWARE,
    _URINE,
    _WEIGHT_DOWN,
)

RED_FLAG_RULES: tuple[RedFlagRule, ...] = (
    RedFlagRule(
        id="bladder_bowel",
        concern="new problems controlling your bladder or bowels",
        patterns=(
            rf"\b{_LOSS}\b.{{0,50}}\b({_URINE}|{_BOWEL}|{_TOILET})",
            rf"\b({_URINE}|{_BOWEL})\b.{{0,30}}\b(control|incontinence|accidents?|problems controlling|{_LEAK})",
            rf"\b{_LEAK}\b.{{0,30}}\b({_URINE}|{_BOWEL}|pants|knickers|underwear|jeans|trousers)",
            r"\bincontinen(t|ce)\b",
            rf"\b(can'?t|cannot|couldn'?t|unable to|not able to|haven'?t been able to|hasn'?t been able to|has not been able to"
            rf"|can'?t seem to|struggl(e|ing) to|strain(ing)? to|have to strain to)"
            rf" (get (any|a) )?({_URINE}|go to the {_TOILET}|go\b|empty my bladder|pass (any )?{_URINE})",
            rf"\b(can'?t|cannot|couldn'?t|don'?t|haven'?t been able to|unable to|not able to) (really |always |even )?(tell|feel|know|notice)"
            rf" (it )?when i (need to |have to |want to |need an? |need the )?({_URINE}|poo|go|{_TOILET})\b",
            # wetting or soiling themselves now ("he's wetting himself", as the view reads it); not
            # "practically wetting myself at his jokes", nor a child's or a puppy's bed
            r"(?<!nearly )(?<!almost )(?<!practically )\b(i'?m|i am|started|keep|kept|been|now) (now |still )?(wetting|soiling)"
            r" myself\b(?! (laughing|with laughter|at|about|over|with|from|watching)\b)",
            r"\bdidn'?t (even )?(feel|know|notice) (that )?i (needed|had|wanted) to go",
            r"\b(don'?t|do not|no longer|never) (even )?(get|have|feel) (the|any) (urge|feeling|sensation) (to go|that i need to|i need to|to pee|to wee|to poo)",
            rf"\b(push|pushed|pushing|strain|strained|straining)\b( and (push|pushed|pushing|strain|strained|straining))? on the {_TOILET}"
            r"( and)? nothing\b",
            rf"\bwet (my|me) (shorts|pants|knickers|trousers|jeans|leggings|underwear|bed)\b.{{0,60}}\b(no idea|didn'?t (even )?(notice|know|feel|realise|realize)|without (noticing|knowing|realising|realizing|feeling))",
            r"\b(underwear|pants|knickers|jeans|trousers|bed|sheets|chair|seat|car seat|sofa|couch|mattress) (is|are|was|were) (all )?(wet|damp|soaked|soiled)"
            r"(?! (with|from) (the )?(oil|water|sweat|lotion|rain|coffee|tea|a drink|my drink))",
            rf"\b{_TOILET}\b.{{0,30}}\bnothing (happens|happened|comes|came|will come)|\bbarely make it to the {_TOILET}",
            rf"\b(nothing|(barely|hardly) anything|almost nothing) (comes|came|will come) out\b|\bonly (a )?dribbl\w*|\b(no|any) {_URINE} (out|comes out|at all)",
            r"\b(wet|soiled|soil|peed|pooed|pooped|pissed|messed|wee'?d) (myself|my pants|my knickers|my trousers|my jeans|the bed|my bed)",
            r"\b(an?|the|these|some|more|two|three|\d+|couple( of)?) accidents?\b.{0,40}\b(bed|pants|myself|toilet|loo|night|today|didn'?t (even )?(feel|notice|know))",
            rf"\bi (keep|kept|have been|'ve been|started) (leaking|dribbling|wetting myself)\b(?! (oil|tears|blood|from)\b)|\bnear miss(es)?\b.{{0,40}}\b{_UNAWARE}",
            r"\b(keep|kept|keeps|been|started) having (little )?accidents\b|\bhad (a couple of |a few |some |two |three )?accidents\b",
            rf"\bdidn'?t (make it|get) to the {_TOILET}\b|\bwearing (a )?(pad|pads|nappy|nappies|diaper|adult diapers?)\b",
            r"\b(things|it|stuff|wee|pee|poo) (just )?(escape|escapes|comes out|come out|leaks out)\b",
            rf"\b(push|pushing|try|trying|tried|sit there|{_TOILET}|{_URINE})\b.{{0,40}}\bnothing (comes?|came|happens|will come)",
            rf"\baccidents?\b.{{0,30}}\b{_UNAWARE}|\b({_LEAK}|go(ing|es)?|went|coming|comes|passing)\b.{{0,30}}\b{_UNAWARE}",
            rf"\b{_UNAWARE}\b.{{0,20}}\bbefore (a |i )?({_URINE}|{_BOWEL}|go)",
            # no feeling of it passing: "when i go for a poo i can't feel it coming out"
            (
                rf"\b({_BOWEL}|{_URINE}|{_TOILET})\b.{{0,40}}\b(can'?t|cannot|couldn'?t|don'?t|didn'?t) (even )?(feel|tell|sense)"
                r" (it|the (pee|wee|poo|urine|stool)|if it'?s|whether it'?s) (\w+ ){0,2}(coming|cumming|passing) ?(out)?\b"
            ),
            rf"\b({_BOWEL}|{_URINE}|{_TOILET})\b.{{0,40}}\bdidn'?t (even )?make it\b|\bdidn'?t (even )?make it\b.{{0,20}}\b{_TOILET}",
            r"\bgo(ing|es)? in (my|me) (pants|jocks|undies|knickers|trousers|underwear)",
            r"\b(pads?|pants|underwear|knickers|nappy) (are |were |is )?(soaked|wet|soiled)\b.{0,40}\b(without|never|didn'?t)",
            rf"\b(haven'?t|have not|hasn'?t) (managed|been able) to (pass|do) (a |any )?({_URINE}|{_BOWEL})",
            r"\b(haven'?t|have not|hasn'?t|has not) (peed|weed|urinated|had a (wee|pee)|passed (any )?(water|urine))\b.{0,30}"
            r"\b(since (yesterday|last night|the day before|\w+day)|all day|for (\d+|two|three|several|many) (hours|days)"
            r"|in (\d+|two|three|twelve|24) hours)",
        ),
        descriptions=(
            "I can't control my bladder",
            "I wet myself without noticing",
            "I keep leaking urine",
            "I can't hold my pee any more",
            "I can't pee at all and my bladder feels full",
            "I haven't been able to pass urine all day",
            "I soiled myself and didn't feel it",
            "I can't control my bowels",
            "I can't feel when I need to go to the toilet",
            "I keep having accidents",
            "I dribble urine and can't stop it",
        ),
        example="I've lost control of my bladder and my back hurts",
        negated_example="no bladder problems, my lower back is just stiff",
        quiet_when=r"\b(potty|toilet)[- ]?train\w*",  # a toddler's accidents
        similarity=0.67,
    ),
    RedFlagRule(
        id="saddle_numbness",
        concern="numbness in the groin, buttocks or saddle area",
        patterns=(
            rf"\b{_NUMB}\b.{{0,40}}\b{_NUMB_AREA}\b",
            rf"\b{_NUMB_AREA}\b.{{0,40}}\b{_NUMB}",
            rf"\b(can'?t|couldn'?t|cannot) (really |properly )?feel (my |the |myself |anything |much )?({_NUMB_AREA}|toilet paper|loo roll|the paper|when i wipe|myself when i wipe|the (toilet )?seat)",
            rf"\b(can'?t|couldn'?t|cannot) (really |properly )?feel\b.{{0,30}}\b({_NUMB_AREA}|when i wipe)\b",
            r"\b(can'?t|cannot|couldn'?t|don'?t) feel (it|anything|a thing|myself|the paper) when i wipe",
            r"\bsaddle an(a)?esthesia\b",
            rf"\b{_NUMB_AREA}\b.{{0,70}}\b(can'?t feel|couldn'?t feel|don'?t feel|didn'?t feel|can'?t tell|isn'?t there|not there|feel nothing|felt nothing)",
            rf"\b(can'?t feel|couldn'?t feel|feel nothing|felt nothing|no sense)\b.{{0,50}}\b{_NUMB_AREA}\b",
        ),
        descriptions=(
            "my groin is numb",
            "numbness around my bottom and genitals",
            "I can't feel my buttocks",
            "my bum cheeks have gone numb",
            "it is numb between my legs",
            "I can't feel the toilet paper when I wipe",
            "tingling and no feeling in my private parts",
            "my inner thighs have gone numb",
            "it feels numb down there",
            "I can't feel the seat when I sit down",
        ),
        example="my groin and inner thighs went numb",
        quiet_when=(  # a numb bum from sitting, gone when they stand: only buttocks, nothing that lasts
            r"^(?!.*\b(groin|genital|privates|private part|crotch|perine|taint|anus|hole|back passage|vagina|vulva|penis"
            r"|testic|balls|between (my |the )?legs|sitting part|thigh|down there|down below|undercarriage|wipe|wiping|toilet|loo"
            r"|bladder|bowel|pee|wee|poo|since|from (\w+day|yesterday|last)|days|stays|still|won'?t go|not going|hasn'?t come back"
            r"|all the time|everywhere|off the bike"
            r"|bigger|spreading|every day|both cheeks|in between"
            r"|can'?t feel|couldn'?t feel|feel nothing|felt nothing|no sense))"
            r".*\b(sit|sits|sitting|sat|seat|chair|desk|bike|cycling|cycle|ride|riding|drive|driving|shift|library|sofa|couch)\b"
            # ...or feeling that returns within minutes ("it all comes back within 10 minutes of getting off the bike")
            r"|^(?=.*\b(comes?|came|coming|goes|went|going|wears?|wore|wearing) (back|away|off)\b[^.!?]{0,30}"
            r"\b(minutes?|mins?|seconds|secs)\b"
            # ...or is numb "for like 5 minutes and then it's completely fine"
            r"|.*\bfor (like |about |around |maybe )?(a few |a couple of |\d+ |one |two |five |ten |a )?(minutes?|seconds)\b"
            r"[^.!?]{0,25}\b(then|after that)\b[^.!?]{0,25}\b(fine|normal|gone|ok|okay)\b)(?!.*\b(since|days|stays|still|won'?t go|hasn'?t come back|all the time"
            r"|bladder|bowel|toilet|loo|pee|wee|poo|wipe|wiping|weak|weaker|again|on and off|keeps?|every (few|couple)|today"
            r"|this (morning|afternoon|evening)|hours|started|lost|groin|genital\w*|anus|penis|vagina|vulva|testic\w*|labia"
            r"|scrotum|perine\w*|taint|inner thighs?|crotch|privates|private parts?|between (my |the )?legs|down there|down below"
            r"|balls|back passage|undercarriage|hole|saddle area|can'?t feel|couldn'?t feel|fell|fall|accident|happens|a lot"
            r"|every time|second time|last night|yesterday)\b)"
        ),
        negated_example="there is no numbness in my groin, only a sore bum",
        similarity=0.77,
    ),
    RedFlagRule(
        id="leg_weakness",
        concern="leg weakness that is getting worse, or a dragging foot",
        patterns=(
            r"\bfoot ?drop\b|\bdrop ?foot\b",
            r"\b(foot|feet|toes?|leg) (keeps? |is |are |has started |started )?(dragging|drags|slapping|slaps|flopping|flops|catching|catches|scuffing|scuffs)",
            r"\bdrag(ging)? my (foot|feet|leg|legs)|\b(it|foot|leg) (just )?(drags|dragging) (behind|along)",
            r"\b(shoes?|toes?|foot)\b.{0,25}\b(scuff|scuffs|scuffing|catch|catches|catching) (on )?the (floor|ground|pavement|carpet|stairs)",
            r"\bslap(ping|s)? my foot\b",
            r"\b(legs?|foot|feet)\b.{0,60}\b(less and less (reliable|steady|strong)|weaker and weaker|more and more (weak|wobbly|unsteady)|(more|increasingly) weak)",
            r"\b(foot|toes) (just )?(won'?t|will not|doesn'?t|don'?t|can'?t|isn'?t|aren'?t) (really |properly )?(lift|come up|go up|raise|clear)",
            r"\b(keeps?|kept|always) (catching|scuffing|tripping (on|over)) (my|her|his|their) (toe|toes|foot)\b",
            r"\b(legs?|knees?|it'?s|it has|it)( just| has| have| keeps?)? (buckl\w*|gave way|given way|giving way|gave out|given out"
            r"|giving out) (under|beneath|from under) me\b",
            r"\b(legs?|foot|feet|knees?)\b.{0,50}\b(getting|growing|becoming|gets|keeps getting|got|going|feel|feels|are|is) (weaker|weak and|more and more weak|worse and weaker)",
            r"\b(weakness|weaker|weak)\b.{0,40}\b(getting worse|worse (each|every) day|spreading|both legs|progress\w*)",
            r"\b(legs?|foot|feet|knees?)\b(?! (warmers?|of (my|the)))(?:(?!\b(socks?|tights|trousers|jeans|warmers?|shoes?|boots?)\b).){0,60}"
            r"\b(floppier|weaker|wobblier|clumsier|more (floppy|wobbly|useless|unreliable))\b.{0,30}\b(every|each|by the) (day|week|hour)\b",
            # the stairs only with a hand lifting the leg
            r"\b(can'?t|cannot|couldn'?t) (climb|get up|go up|manage|do) (the |any )?(stairs|steps|kerbs?|curbs?)\b.{0,40}"
            r"\b(without|unless i) (haul|lift|pull|drag|heav|hoik|carry)\w* (my|the) (\w+ )?(leg|foot)",
            r"\b(haul|lift|pull|drag|heav|hoik)\w* (my|the) (\w+ )?leg (up|onto|on to)\b.{0,30}\b(stairs?|steps?|with (my|both) hands?)",
            r"\bprogressive\b.{0,20}\bweakness|\blosing (the )?strength in (my |both )?(legs?|foot|feet)",
            r"\b(legs?|knees?) (keeps? |keep |are |is |have |has |just )?(giving way|giving out|gave way|gave out|give way|give out|buckling|buckled|buckle|collapsing|collapsed)",
            r"\b(legs?|knees?) (went|go|goes|keep going) (from under me|out from under me|from underneath me)",
            r"\b(can'?t|cannot|couldn'?t) (seem to )?(lift|move|feel|raise|pull up|pull|control) (the (front|tip|toes) of )?my (foot|feet|leg|legs|toes)",
            r"\b(knee|leg|legs)\b.{0,20}\b(just )?(sort of |kind of )?(folds|folded|folding|crumples|crumpled|collapses) (under|beneath) me",
            r"\b(stood up|got up|get up)\b.{0,30}\b(just )?(folded|collapsed|crumpled|went down)\b",
            r"\b(legs?|foot)\b.{0,40}\b(jelly|wobbly|useless|floppy|weak|dead weight)\b.{0,50}\b(getting worse|worse by the day|worse (each|every) day|more and more|harder (each|every) day)",
            r"\b(each|every) day (it'?s |it is )?(harder|worse|weaker)\b",
            r"\b(foot|feet)\b.{0,30}\b(noise|slap|slaps|slapping|flap|flaps|smack|plaf)\b",
            # foot drop as heard: "my right foot smacks down", "...smacks the floor with every step"
            (
                r"\b(foot|feet|shoe) (\w+ ){0,2}(smacks|smacking|slaps|slapping) (down\b|(on )?the (floor|ground|pavement|road)( \w+)?"
                r" (with )?(every|each) step)"
            ),
            r"\b(leg|foot)\b.{0,60}\b(belongs to someone else|isn'?t mine|not mine|won'?t do what i tell it|just (sort of )?hangs there)",
            r"\b(legs?)\b.{0,30}\b(so|too|really|very) weak (that )?i (can'?t|couldn'?t|fell|literally fell)",
            r"\b(legs?|knees?)\b.{0,60}\b(they|it) (just )?(keep |keeps )?(gave|give|giving|gives|givin) (way|out)\b",
            r"\b(legs?) (\w+ ){0,2}(givin|giving|gave|give) (way|out)\b",
            r"\b(toe|toes) of my (\w+ )?shoe\b.{0,30}\b(catch|catches|catching|drags|scuffs)",
            r"\b(can'?t|couldn'?t) (do a |do|manage a )?(single[- ]leg|one[- ]leg(ged)?)\b.{0,40}\b(anymore|any more|now)",
            r"\b(can'?t|cannot|couldn'?t) (stand|walk) on (my|the|that) (\w+ )?(heel|heels|toes|tiptoe)\b",
        ),
        descriptions=(
            "my leg is getting weaker and weaker",
            "my foot drags when I walk",
            "I can't lift the front of my foot",
            "my toes catch on the ground and I trip",
            "my legs keep giving way",
            "my leg buckles under me",
            "my foot slaps down when I walk",
            "I'm losing strength in both legs",
            "my shoe scuffs because my foot won't lift",
        ),
        example="my foot keeps dragging and my leg is getting weaker every day",
        negated_example="my legs are not getting weaker, my glutes are just tight",
        quiet_when=(  # jelly legs after leg day, unless it is getting worse or they gave way
            r"^(?!.*\b(getting worse|worse (each|every|by the) (day|morning)|worse (today|than|now)|drag|gave way|giving way|give way"
            r"|fell over|folded|foot drop|catch|catches|slap|scuff|won'?t lift|can'?t lift))"
            r"(?=.*\b(leg day|workout|work out|gym|squats?|spin class|lunges|first ever|sore)\b)"
        ),
        similarity=0.75,
    ),
    RedFlagRule(
        id="injury",
        concern="severe pain after a fall or injury",
        patterns=(
            rf"\b{_TRAUMA}\b.{{0,200}}\b{_SEVERE}\b",
            rf"\b{_SEVERE}\b.{{0,80}}\b(after|since|from) (\w+ ){{0,3}}(fall|falling|fell|accident|crash|injury|collision|tackle)",
            rf"\b{_CANT_BEAR}\b.{{0,60}}\b(after|since) (\w+ ){{0,3}}(fall|fell|accident|crash|injury|collision|tackle)",
            rf"\b{_TRAUMA}\b.{{0,220}}\b{_CANT_BEAR}",
            rf"\b{_TRAUMA}\b.{{0,80}}\b(heard|felt) (a |something )?(crack|snap|pop|crunch)",
            rf"\b{_TRAUMA}\b.{{0,80}}\b(something|it) (went|go|goes) (pop|crack|snap)",
            rf"\b{_TRAUMA}\b.{{0,120}}\b(leg|foot) (looks|is|seems) (turned|twisted|rotated|shorter|shortened|the wrong way)",
            rf"\b{_TRAUMA}\b.{{0,160}}\b(swollen and purple|can'?t put (my )?(full )?weight)",
            rf"\b{_TRAUMA}\b.{{0,160}}\b(hurts|painful|agony|kills|killing me) (even )?to (even )?(roll over|turn over|move|breathe|cough)",
        ),
        descriptions=(
            "I fell and now I can't walk",
            "I can't put weight on my leg after a fall",
            "severe pain after a car accident",
            "I landed hard on my back and the pain is terrible",
            "I heard a crack when I fell",
            "after the fall my hip hurts badly and my leg looks turned out",
            "since the accident I can't stand up",
            "terrible pain in my tailbone after falling down the stairs",
        ),
        example="I fell off a ladder and now have severe pain in my buttock",
        negated_example="I never had a fall or accident, I just have mild soreness",
        similarity=0.89,
    ),
    RedFlagRule(
        id="fever_weight_loss",
        concern="back pain with fever, night sweats, unexplained weight loss or a history of cancer",
        patterns=(
            rf"\b{_FEVER}\b.{{0,80}}\b(back|spine|pain|hurts?|aches?|aching|sore|kidney)",
            rf"\b(back|spine|pain|hurts?|aches?|aching|sore)\b.{{0,80}}\b{_FEVER}",
            r"\bunexplained weight loss\b",
            r"\b(lost|losing|loss of|lose|dropped|dropping) (a lot of |lots of |so much |some |a bunch of |\d+ ?(kg|kilos?|pounds|lbs?|stone) (of )?|a stone (of )?)?weight\b.{0,40}\b(without (even )?trying|not trying|unexplained|for no reason|without dieting|not dieting|no idea why|without changing)",
            r"\b(lost|dropped|losing|dropping) (like |about |around |nearly |almost |over |more than )?((\d+|a|two|three|half a) ?)?(kg|kilos?|pounds|lbs?|stone)\b"
            r".{0,40}\b(without (even )?trying|not trying|for no reason|without (a )?diet(ing)?|not dieting|no idea why|without changing)",
            r"\b(clothes|trousers|jeans) (are )?(falling off|hanging off|so loose)\b.{0,40}\b(not dieting|without trying|no reason|not trying)",
            rf"\b{_SOAKED} (in sweat |with sweat )?(my |the )?(sheets|bed|pyjamas|pajamas|pillow|t-?shirt)\b",
            r"\bwak(e|ing|es) up (drenched|soaked|soaking|dripping|wet through|wet with sweat|in a pool of sweat|sweating)",
            rf"\b(sheets|bed|pyjamas|pajamas|pillow|t-?shirts?)\b.{{0,15}}\b{_SOAKED}|\b{_SOAKED} through (two|three|my|the) (t-?shirts|shirts|sheets)",
            rf"\b{_WEIGHT_DOWN}\b.{{0,60}}\b{_NO_REASON}",
            rf"\b{_NO_REASON}\b.{{0,80}}\b{_WEIGHT_DOWN}",
            r"\b(bag of bones|skin and bones|wasting away)\b",
            r"\b(clothes|cardigans?|trousers|jeans|belt|shirts|everything)\b.{0,20}\b(hang|hangs|hanging|falling|fall|fell) off me\b",
            r"\b(new notch|notch i'?ve never used|need a belt)\b.{0,80}\b(haven'?t changed|eating (more|the same)|not dieting)",
            rf"\b{_CANCER_HISTORY}.{{0,250}}\b{_BACK_PAIN}\b",  # however long ago
            rf"\b{_BACK_PAIN}\b.{{0,120}}\b{_CANCER_HISTORY}",
            _THEIR_CANCER_AND_BACK,
        ),
        descriptions=(
            "back pain with a high fever",
            "I've been sweating through my sheets at night",
            "night sweats and back pain",
            "chills and shivering with back pain",
            "I've lost a lot of weight without trying",
            "my clothes are falling off me and I'm not dieting",
            "burning up then freezing with my teeth chattering",
            "hot and cold shivers and pain in my side near the kidney",
            "I have a temperature every evening and my back hurts",
            "I've been getting chills and a temperature",
            "I keep waking up drenched in sweat",
        ),
        example="I have a high fever and terrible lower back pain",
        negated_example="no fever or weight loss, just a tight butt from cycling",
        context=r"\b(back|spine|pain|painful|ache|aches|aching|hurts?|sore|kidney)\b",
        quiet_when=_EXPLAINED_SWEATS_OR_WEIGHT,
        similarity=0.72,
    ),
    RedFlagRule(
        id="chest_pain",
        concern="chest pain or trouble breathing",
        patterns=(
            r"\bchest (pain|pains|tightness|pressure|hurts?|aches?|feels (heavy|tight|crushed|crushing|like)|is (tight|heavy|hurting|crushing|killing me)|(is |feels )?squeez\w*)\b",
            r"\b(pain|tightness|pressure|crushing|squeezing|heaviness|heavy feeling|weight|elephant|band|belt)\b.{0,25}\b(in|on|across|under|around|sitting on)"
            r" (the (middle|centre|center|left side|right side) of )?(my |the )?(chest|breastbone|sternum|ribs)\b",
            r"\b(stop|stopping|have to stop)\b.{0,20}\b(get|catch) my breath\b",
            r"\b(i'?m|i am|think i'?m|might be|i might be) having a heart attack\b",
            r"\b(short(ness)? of breath|can'?t (catch my )?breathe?|can'?t get (my )?breath|struggling to breathe|trouble breathing|hard to breathe|breathing('s| is) (hard|difficult|a struggle)|breathless|gasping for (air|breath)|can'?t get enough air)",
            r"\bpain\b.{0,30}\b(spreading|spreads|going|goes|shooting|radiating) (down|into|up) (my )?(left )?(arm|jaw|neck)\b.{0,40}\bchest|\bchest\b.{0,60}\b(left arm|jaw)\b",
            r"\blips (are |look |went |turning )?(blue|grey|gray)\b",
            r"\b(someone|something|an? elephant|an? \w+'?s?|a weight) (was |is |were )?(sat|sitting|standing|standin|sittin) on (my|me) (chest|ribs)?",
            r"\b(band|vice|belt|pressure|tightness|weight|crushing)\b.{0,40}\b(across|around|round|on) (the front of me|my front|my chest|my ribs|my breastbone|my torso)",
            r"\b(pain|ache|pressure|tightness|heaviness|crushing)\b.{0,50}\b(spreading|spreads|going|goes|shooting|radiating) (to|into|down|up) (my )?(left )?(arm|jaw|neck)",
            r"\b(middle|centre|center) of (my|the) (chest|torso)\b",
            r"\b(heaviness|pressure|pain|tightness)\b.{0,20}\b(near|around|over) (the|my) heart\b",
            r"\bleft (arm|hand) (is )?(also )?(paining|hurting|aching|numb|tingling|heavy)\b",
            r"\b(puffin|puffing|puffed|out of breath|breathless|winded|gasping)\b.{0,60}\b(just|only|from) (walkin|walking|going|getting up|standing)",
            r"\b(puffin|puffing|puffed|out of breath|breathless|winded|gasping)\b.{0,20}\b(just |even )?(sitting|talking|lying|resting|at rest|doing nothing|standing still|in bed)",
            r"\b(can'?t|cannot|couldn'?t) (get|draw) (a )?(full|proper|decent|whole) breath",
            r"\b(stabbing|sharp|pain|hurts)\b.{0,30}\b(when|every time|whenever) i (breathe|yawn|sigh|take a (deep )?breath|breathe in)",
            r"\b(cold and clammy|clammy and cold|went cold and clammy)\b",
        ),
        descriptions=(
            "I have chest pain",
            "there is pressure in my chest",
            "tightness across my chest",
            "a heavy feeling in my chest",
            "pain spreading from my chest to my arm or jaw",
            "I can't breathe properly",
            "I'm short of breath while resting",
            "a squeezing pain under my breastbone",
            "I think I'm having a heart attack",
        ),
        example="I have crushing chest pain, can a massage fix it?",
        negated_example="no chest pain or anything, just really tight glutes",
        similarity=0.74,
    ),
    RedFlagRule(
        id="calf_clot",
        concern="a swollen, painful calf or leg (a possible blood clot)",
        patterns=(
            rf"\b{_CALF}\b.{{0,50}}\b{_SWOLLEN}",
            rf"\b{_SWOLLEN}\b.{{0,40}}\b{_CALF}\b",
            rf"\b{_CALF}\b.{{0,30}}\b(hot|warm|red)\b.{{0,30}}\b(achy|aching|painful|sore|tender|throbbing|hurts|hurting|tight|hard|red|swollen)",
            rf"\b{_CALF}\b.{{0,30}}\b(achy|aching|painful|sore|tender|throbbing|hurts|hurting)\b.{{0,25}}\b(hot|warm|red)\b",
            rf"\b(leg|legs)\b.{{0,20}}\b{_SWOLLEN}\b.{{0,40}}\b{_HOT}\b",
            rf"\b{_CALF}\b.{{0,40}}\b(is |are |feels? |looks? )?(way |much |a lot |so )?{_BIGGER} than the other",
            rf"\bone (leg|calf|ankle) (is |looks |feels )?(much |way |a lot |so |really )?{_BIGGER} than the other",
            r"\b(i (think|might|may) (have|have got)|could (it|this) be|worried (it'?s|about)|scared it'?s|is (it|this)) (a )?(blood clot|clot|dvt|deep vein thrombosis)\b",
            rf"\b{_CALF}\b.{{0,40}}\b(double|twice) the size\b",
            # a clot someone has now, in a leg (not "had", not "a history of", not "years ago", not "DVT socks")
            r"\b(i (have|have got|'ve got)|i'?ve got|i'?m (being treated|on blood thinners|on anticoagulants) for"
            r"|(he|she|mum|mom|dad|wife|husband)('s| has|'s got| has got)|(just )?(been )?diagnosed with|just found out i (have|'ve got))"
            r" (a |an )?(((blood )?clot|thrombosis) (in|behind) (my|his|her|the|their) (\w+ )?(leg|calf|calves|thigh|knee|lung)"
            r"|blood clot(?! (under|in|on) (my|his|her|the) (\w+ )?(toe|toenail|nail|finger|eye|nose|period|urine|poo|stool))"
            r"|dvt|deep vein thrombosis)\b(?! (socks?|stockings?|risk|scan|test|prevention|history))(?!\s*\?)"
            r"(?!.{0,40}\b((years?|months?) ago|in (19|20)\d\d|in the (\d0s|nineties|eighties)|last year|as a (child|kid|teenager))\b)",
            rf"\b{_CALF}\b.{{0,60}}\b{_BIGGER} than (the|my) (other|left|right)( one| leg| calf)?\b"
            r"(?!.{0,30}\b(from|because of|with) (football|soccer|rugby|training|running|cycling|the gym|sport|sports|lifting|work|years))",
            rf"\b{_CALF}\b.{{0,50}}\b(swollen|fat|puffy|bigger|thicker)\b.{{0,40}}\bmore than (the|my) other (leg|one|calf|side)\b"
            r"(?!.{0,30}\b(from|because (of|i play|i do)|with) (football|soccer|rugby|training|running|cycling|the gym|sport|sports|lifting|work|years))",
            rf"\b{_CALF}\b.{{0,50}}\b(hot|warm|red|angry)\b.{{0,40}}\b(achy|aching|painful|sore|tender|throbbing|throbs|hurts|hurting|tight|hard|swollen)",
        ),
        descriptions=(
            "my calf is swollen and painful",
            "one leg is much bigger than the other",
            "my lower leg is red, hot and swollen",
            "I think I have a blood clot in my leg",
            "calf pain and swelling after a long flight",
            "my leg swelled up after surgery",
            "my calf is tender and warm to touch",
        ),
        example="my calf is swollen, hot and painful since my long flight",
        negated_example="my calf isn't swollen, it's my glutes that are sore",
        similarity=0.77,
    ),
    RedFlagRule(
        id="self_harm",
        concern="thoughts of harming yourself",
        patterns=(rf"\b{_SELF_HARM}",),
        descriptions=(
            "I want to kill myself",
            "I don't want to live anymore",
            "I'm thinking about ending my life",
            "I've been hurting myself on purpose",
            "I'd be better off dead",
            "I don't see a reason to keep living",
            "I'm planning not to be around",
            "I wish I wouldn't wake up",
            "I've written goodbye letters to my family",
            "I feel suicidal",
        ),
        example="I'm having thoughts of killing myself",
        negated_example="I'm not suicidal, my glutes just ache",
        show_passages=False,
        similarity=0.67,
    ),
    # Someone else's, told by the person who heard it: a notice of its own (what to do for them),
    # the exact layer on the message itself (the first-person view would make it the writer's).
    RedFlagRule(
        id="someone_self_harm",
        concern="someone's thoughts of harming themselves",
        patterns=(_THEIR_SELF_HARM,),
        descriptions=(
            "my friend told me she wants to kill herself",
            "my son said he's been thinking about ending his life",
            "my husband keeps saying he'd be better off dead",
            "my client told me she has a plan to end her life",
            "my daughter has been hurting herself on purpose",
            "my dad says he doesn't want to live anymore",
            "my partner talked about suicide last night",
            # the warning signs people see rather than hear: belongings given away, goodbyes
            "my son has been giving all his things away",
            "my friend sent me a goodbye message out of the blue",
        ),
        example="my brother told me he's been thinking about killing himself",
        negated_example="my brother isn't suicidal, he just has sore glutes",
        show_passages=False,
        similarity=0.80,
    ),
)
