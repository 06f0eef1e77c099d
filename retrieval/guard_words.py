"""The words that make a mention of a symptom not a report of one: denials ("no chest
pain"), hedges that only look like denials ("no idea why"), the past and the resolved, someone
else's health, figures of speech, questions about a symptom, rules cited in general, and
text-speak to spell out first. safety.py applies them; the symptoms themselves are in
symptom_words.py and red_flags.py."""

import re

_NEGATION = re.compile(
    r"(\bw/o\b|\b(no|not|never|without|none|neither|nor|don'?t|dont|doesn'?t|doesnt|didn'?t|didnt|haven'?t|havent|hasn'?t"
    r"|isn'?t|isnt|aren'?t|arent|wasn'?t|wasnt|weren'?t|free of|denies|deny|nothing|zero)\b)",
    re.IGNORECASE,
)


# Phrases with a negation word that do not deny a symptom: hedges ("no idea why my chest
# hurts") and the symptoms' own wording ("no control of my bladder", "can't feel my groin").
_NOT_A_NEGATION = re.compile(
    r"\b(no idea|not sure|don'?t know (why|what|if|whether|how)|do not know (why|what|if|whether|how)|not certain|no clue"
    r"|no control|no feeling|no sensation|no strength|no (pee|wee|urine|poo) (out|comes|at all)|nothing (comes|came|will come) out"
    r"|(don'?t|dont|do not|no longer) (want to|see (a|any|the) (reason|point))|no (reason|point) (to|in|of)"
    r"|without (even )?(trying|dieting|realising|realizing|noticing|warning|feeling|knowing|changing)|not (trying|dieting)"
    # what the symptom needs to be done at all: "can't get up off the sofa without my arms"
    r"|without (using |pushing (up )?(on|with) |holding (on to |onto )?)?(my|both|the) (arms|hands|stick|cane|frame|walker|rail|banister)"
    r"|without (help|a hand|holding on)"
    # severe pain said by what it does: "can't roll over without shouting", "painkillers aren't touching it"
    r"|without (shouting|screaming|crying|yelling|wincing)|(painkillers|pain ?killers|tablets|meds|medication|paracetamol"
    r"|ibuprofen|co-?codamol|codeine|tramadol|pills) (are |is |do |does )?(n'?t|not|aren'?t|isn'?t|don'?t|doesn'?t) (even )?"
    r"(touching|touch|helping|help|working|work|doing anything|making a dent)"
    r"|not (to )?(be |being )?(around|here)|better off without|no one would|nobody would"
    r"|(haven'?t|havent|have not|hasn'?t|not) (been )?able to|not normal|better off not|nothing (works|helps)|(over|for|at) nothing|like nothing"
    r"|(doesn'?t|didn'?t|don'?t|won'?t|isn'?t|aren'?t|does not|did not|will not) (work|help|working|helping)"
    r"|(don'?t|do not|no longer|never) (even )?(get|have|feel) (the|any) (urge|feeling|sensation)"
    r"|(push|pushed|pushing|strain|strained|straining)( and (push|pushed|pushing|strain|strained|straining))?( on the \w+)?( and)? nothing"
    r"|(don'?t|didn'?t|do not|did not|doesn'?t) (always |even |really )?(feel|notice|realise|realize|know|wake up|make it|get to)"
    # a symptom that persists or gets no better is asserted, not denied: "the numbness hasn't gone at all"
    r"|(hasn'?t|has not|haven'?t|have not|isn'?t|is not|won'?t|will not|doesn'?t|does not|didn'?t|not) (gone|go|going|went)( away)?"
    r"|(isn'?t|is not|not|hasn'?t|has not|no) (improving|improved|getting better|got any better|better at all|easing|eased|settling|settled)"
    r"|without (stopping|pausing|gasping|having to stop) (for|to catch) (air|breath|my breath)|without (getting |being )?(breathless|out of breath|puffed)"
    r"|want(s|ed|ing)? (to not|not to) (live|be alive|exist|be here|wake up|go on)|not (to )?(live|living|be alive|exist) any ?more"
    r"|(won'?t|doesn'?t|don'?t|can'?t|isn'?t|will not|does not) (lift|come up|go up|raise|clear|stop)|never stops|not like|nothing (happens|happened|comes|came)|isn'?t there|not there|no sense of|doing nothing|not to (open|wake|be here|be around|come back))\b",
    re.IGNORECASE,
)


# "my bladder's fine", "legs are strong": a clause that reassures is not a symptom.
_REASSURANCE = re.compile(
    r"(?<!not )(?<!n't )\b(fine|okay|ok|alright|all right|strong|healthy|no problem|(totally |completely |perfectly )?normal"
    r"|(the )?same size|no (bigger|fatter|thicker) than)\b",
    re.IGNORECASE,
)


# A symptom that is over ("it cleared up", "fully recovered"), someone else's ("my mum had a
# clot"), or a figure of speech ("I nearly wet myself laughing") is not a red flag now.
_RESOLVED = re.compile(
    r"\b(recovered|cleared up|cleared|healed|went away|gone now|all gone|(was|got|been) treated"
    # worn off or disappeared, said of the symptom ("it wore off within a day"; not "the paracetamol wore off")
    r"|(it|that|this|they|numbness|tingling|pain|swelling|weakness|symptoms?|pins and needles)( all| completely| fully)?"
    r" (wore|had worn|has worn|have worn) off|(it|that|they|numbness|tingling|pain|swelling|symptoms?|pins and needles)"
    r" (completely |fully )?disappeared"
    r"|(it'?s|it was|it got|that'?s|got it|got that|had it|was all|all|been) sorted( out| now)?"
    r"|resolved|fine now|better now|okay now|ok now|back to normal|years ago|ages ago|sorted (with|by|after)|not a trace"
    r"|(long|all|well) behind me|behind me now|discharged me|signed me off|worked normally"
    r"|been (completely |totally |perfectly |fully |absolutely |100% )?(normal|fine) (ever )?since|(has|have) since (settled|cleared)"
    # "I've felt completely well for three weeks", "my strength has been normal for months"
    r"|(been|felt|feeling) (completely |totally |perfectly |fully |absolutely |100% )?(well|fine|normal|back to normal)"
    r" (for|over) (the (last|past) )?(\w+ )?(days|weeks|months|years)"
    # over an illness, not "I'm over it" (fed up)
    r"|(flu|fever|cold|infection|bug|virus|covid)\b.{0,40}\b(fully |completely )?over it( now)?)\b",
    re.IGNORECASE,
)


# Over, said of the symptom in the same clause only (a sentence may go on to a real one: "my
# glute pain has gone, I have crushing chest pain"): "gone" as over, not as become ("it's gone
# all red"), at the clause's end or with a duration.
_GONE = re.compile(
    r"\b(fever|temperature|temp|swelling|numbness|tingling)('s| has| is| was)?( been)? gone"
    r"( now|(?=\s*[.,;!?]|\s*$)|( for)? (\d+|a|two|three|four|five|several|a few) (days|weeks))",
    re.IGNORECASE,
)


_OTHER_PERSON = re.compile(
    r"\b(my|his|her|our|a) (mum|mom|mother|dad|father|gran|granny|grandma|grandmother|grandad|grandpa|grandfather|husband"
    r"|wife|partner|boyfriend|girlfriend|son|daughter|kid|child|friend|mate|sister|brother|uncle|aunt|auntie|cousin|colleague"
    r"|coworker|client|patient|neighbour|neighbor|nan|nana|little one|toddler|baby|nephew|niece|\d+[- ]year[- ]old)\b|\b(he|she|they) (has|had|have|is|was|got|gets)\b",
    re.IGNORECASE,
)


_FIRST_PERSON = re.compile(
    r"\b(i|i'?m|i'?ve|i'?d|me|my (own )?(leg|legs|foot|calf|chest|back|groin|bladder))\b", re.IGNORECASE
)


# gym talk: the muscles, not the person, "want to die" after a workout (and nothing after it
# but the workout: "my glutes want to die and I want to end it all" is still a red flag)
_MUSCLES_WANT_TO_DIE = (
    r"\bmy (glutes?|legs|calves|quads|hamstrings|muscles|thighs|bum|butt|arse|ass|abs|hips|body)\b"
    r" (want|wants|wanna|are going|is going|are trying|is trying|are ready|is ready) to (die|end it( all)?)\b"
)


_GYM_TALK = _MUSCLES_WANT_TO_DIE + r"(?=\s*($|[.,!?]|after|from|because|since|lol|haha|\W+$))"


_BODY_PART_SPEAKS = re.compile(_MUSCLES_WANT_TO_DIE, re.IGNORECASE)


_FIGURATIVE = re.compile(
    r"\b(nearly|almost|practically) (wet|peed|pissed|died|die|killed)\b|\blaugh(ed|ing)? so hard\b"
    # a price or a bill that "gives me chest pains"
    r"|\b(bill|bills|price|prices|cost|costs|invoice|rent|quote|fees?|rates?)\b.{0,40}\b(gives?|giving|gave) (me|my)"
    r" (chest pains?|a heart attack|palpitations)\b"
    r"|" + _GYM_TALK,
    re.IGNORECASE,
)


# "Why do doctors ask about fever with back pain?", "What is foot drop?": a question about a
# symptom, with nobody in it who has one.
_ABOUT_A_SYMPTOM = re.compile(
    r"^\s*((\w+ ){0,2}(student|exam|revision|homework|coursework|study|anatomy|theory) question:\s*)?"
    r"((in general|generally|out of curiosity|just curious|hypothetically|so|ok|okay),? )?"
    r"(why|what|what'?s|which|how come|is it true|when (is|are|does|do|should|would|can|might)"
    # "how do you grade strength when assessing foot drop?": how one examines for it
    r"|how (common|likely|usual|rare) (is|are)|is there (any )?(research|evidence|data)"
    r"|(is|are|would|does|do|should)(?= [^?]{0,120}\b(considered|classed|classified|counted|regarded|treated) as\b"
    r"| [^?]{0,120}\b(a contraindication|contraindicated)\b)"
    r"|how (do|would|should|can|does) (you|one|therapists|physios|doctors|clinicians) (test|grade|assess|check|examine|screen"
    r"|diagnose|measure|recognise|recognize|spot|identify)\b"
    # "can lying face down make it hard to breathe?": whether something causes a symptom
    # ...asked as one clause ("can a disc cause leaks, started leaking yesterday" reports one)
    r"|(can|could|does|do|will|would|might|may)(?=\s)(?=(?:(?![,;:–—]|\s-\s).){1,60}\b(make|makes|cause|causes|give|gives"
    r"|lead to|leads to|trigger|triggers|bring on|brings on|result in)\b(?:(?![,;:–—]|\s-\s).)*$))\b",
    re.IGNORECASE,
)


# "Does stress cause chest pain? Because I've got it right now": the question comes with a report.
_CLAIMS_IT = re.compile(
    r"\b(i'?ve got|i have|i'?ve had|i'?m having|i keep getting|i get) (it|this|that|them|those|these)\b|\bright now\b"
    r"|\b(that'?s|this is|it'?s) (exactly )?what('?s| is)? (happening|i'?ve got|i have)\b|\bhappening to me\b",
    re.IGNORECASE,
)
# The symptom's own words end here ("what's the point of living?", not "...of carrying on with physio").
_ENDS_CLAUSE = re.compile(
    r"^(\s*(anymore|any more|at all|honestly|really|now|tbh|to be honest|lol|though|these days|mate)){0,3}\s*([,.;!?]|$)",
    re.IGNORECASE,
)
_REPORTER = re.compile(r"\b(i|i'?m|i'?ve|i'?d|me|my|mine|myself)\b", re.IGNORECASE)


# "I read that numbness in the groin is a danger sign": a warning sign cited, not reported.
_CITES_A_SIGN = re.compile(
    r"\b(i (read|heard|saw|was told|learned|learnt)|they say|people say|apparently)\b.{0,60}"
    r"\b(is|are|can be|could be|means?) (a |an )?(danger|warning|red[- ]flag|emergency|serious) (sign|signs|symptom|symptoms)"
    r"\W*$"
    # the bot's own list quoted back, in a sentence that opens with it and says nothing of the
    # writer: "You said earlier that 'leg weakness that is getting worse' is a red flag."
    r"|^\W*(?![^.!?]*\b(i|i'?m|i'?ve|me|my|mine)\b)(you (said|say|told us|mentioned|listed|wrote)|the (leaflet|list|poster|website"
    r"|article|rules?|nhs page) (says?|said|lists?))\b.{0,80}\b(is|are|can be|means?) (a |an |one of the )?((danger|warning"
    r"|red[- ]flag|emergency|serious) (sign|signs|symptom|symptoms)|red[- ]flags?)"
    r"\W*$",  # ...and nothing after it: "... and I have it now" is a report
    re.IGNORECASE,
)


# "if you ever lose bladder control, go to A&E": a symptom in a general rule, not a report.
# Only right before the symptom ("...ask if you think massage helps when I can't control my
# bladder" is a report).
_IF_SOMEONE = (
    r"\b(if|whenever|in case) (you|someone|anyone|people|a person|one|an? (client|patient|customer))( ever)?"
    r"(?! (ask me|must know|want to know|really want to know|asks?|can|could|would|don'?t mind|please)\b)"  # "if you ask me, my chest..." is a report
)
# "If a client ever told you they had numbness in the groin, what do you do?": a sentence that
# opens with what a client might say is a question for the coursework, not a report
_IF_A_CLIENT = re.compile(
    r"^\W*((what|how) (should|do|would|can|could|must) (i|we) (\w+ ){0,3})?(if|whenever|when) (an?|my) (client|patient|customer)s?"
    r" (ever )?(told|tells|said|says|mentioned|mentions|reported|reports"
    r"|complained|complains|presented|presents|came in|comes in)\b",
    re.IGNORECASE,
)
# "I'll kill myself laughing": a figure of speech however often it happens ("again")
# "If my calf swelled up after the flight I'd see a doctor, right?": a sentence in the unreal
# conditional imagines a symptom; it does not report one
_WOULD_IF = re.compile(
    r"^\W*(if|suppose|supposing|in case) (?![^.!?]*\b(since|yesterday|today|tonight|this (morning|afternoon|evening|week)"
    r"|last (night|week)|ago|right now|at the moment|currently|already)\b)[^.!?]{0,100}"
    r"\b(i'?d|i would|i'?ll|i will|i'?m going to) (go|see|call|ring|phone|get|head|book|seek|visit|ask)\b"
    # "Suppose my groin went numb on a long ride, would that be serious?"
    r"|^\W*(suppose|supposing|what if) (?![^.!?]*\b(since|yesterday|today|tonight|this (morning|afternoon|evening|week)"
    r"|last (night|week)|ago|right now|at the moment|currently|already)\b)[^.!?]{0,100}\b(would|could) (that|it|this) be\b"
    # a plan asked for: "If my calf swelled up after landing, what should I do?"
    r"|^\W*(if|in case) (i|my|we)( ever)? (?![^.!?]*\b(since|yesterday|today|tonight|this (morning|afternoon|evening|week)"
    r"|last (night|week)|ago|right now|at the moment|currently|already|like this|keeps?|still|again)\b)[^.!?]{0,120}[,;]?"
    r" (what|should|would|how|do|is it|can|who)\b"
    # words someone else might say, put to the bot: "If someone told you they couldn't pee,
    # what would you tell them?" (the writer's own: _IF_I_SAID)
    r"|\b(if|suppose|supposing|say) (someone|somebody|anyone|a person|a (user|client|patient|customer|friend))"
    r" (said|told you|typed|wrote|messaged you|came to you|asked you)\b"
    r"(?![^.!?]{0,200}\b(since|yesterday|today|tonight|this (morning|afternoon|evening|week)|last (night|week)|ago"
    r"|right now|at the moment|currently|already)\b)",
    re.IGNORECASE,
)
# "What would you do if I said I had chest pain?" is a test of the bot only when the message
# says so ("Not saying I do - I'm a UX researcher"); "what would you say if I told you my chest
# hurts" is how people tell it.
_IF_I_SAID = re.compile(
    r"\b(if|suppose|supposing|say) i (said|told you|typed|wrote)\b"
    r"(?![^.!?]{0,200}\b(since|yesterday|today|tonight|this (morning|afternoon|evening|week)|last (night|week)|ago"
    r"|right now|at the moment|currently|already)\b)",
    re.IGNORECASE,
)
_NOT_ME = re.compile(
    r"\b(not saying i (do|have|am|did)|it'?s not (about )?me|hypothetically|just testing|testing (you|the bot|this bot|how)"
    r"|asking for a (\w+ )?(review|study|project|test|paper)|(i'?m|i am) (a |an )?(\w+ ){0,2}(researcher|tester|reviewer))\b",
    re.IGNORECASE,
)
_LAUGHING = re.compile(
    r"\b(kill(ing)? myself|die|dying|died) (of |from |with )?laugh(ing|ter)\b"
    # self-reproach: "I could kill myself for forgetting my appointment"
    r"|\b(could|'d|would|should|could have|could'?ve) (just )?kill(ed)? myself (for|over) (\w+ing|being|not|that|this|it)\b",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(_IF_SOMEONE + r"( \S+){0,2}\s*$", re.IGNORECASE)  # the words before a match
_HYPOTHETICAL_PIECE = re.compile(r"^\s*(\S+ ){0,3}" + _IF_SOMEONE + r"\b", re.IGNORECASE)  # a whole clause


# A sentence about a story's character or an animal reports nobody who needs a doctor now,
# unless the writer speaks of themself right at the symptom ("I'm writing a novel and I've
# been self-harming"); "the vet told us to watch for ..." and "signs to look out for" are
# advice about a symptom, not a report of one.
_FICTION = re.compile(
    r"\b(novel|short story|screenplay|fan ?fic\w*|my (book|story|play)|a (book|story|scene|play) (about|where|in which)"
    r"|(my|the|a|her|his|one|another|each) (main )?characters?|protagonist"
    r"|(the|a|my) (film|movie|script|tv show|series|episode|video game|game) (i'?m|i am|we'?re|we are) (editing|writing|making|shooting|directing|developing))\b",
    re.IGNORECASE,
)
_ANIMAL = re.compile(
    r"\b(my|our|the|his|her|a) ((elderly|old|young|senior|little|new|rescue|\d+[- ](year|yr)s?[- ]old) )?(dog|dogs|puppy|pup|cat|kitten|horse|pony|rabbit|bunny|dachshund|sausage dog|labrador|lab"
    r"|greyhound|whippet|spaniel|terrier|collie|poodle|retriever|pug|bulldog|beagle|husky|alsatian|mare|gelding)\b"
    r"|\b(the|our|my|a) vets?\b",
    re.IGNORECASE,
)
_ADVICE_TO_WATCH = re.compile(
    r"\b(watch (out )?for|look(ing)? out for|keep an eye out for|warned (us|me|him|her) (about|of))\b",
    re.IGNORECASE,
)
# Not a report at all: a form, a leaflet, an exam question or the bot's own words quoted
# ("The intake form says: 'Please tell your therapist about any changes in bladder control.'")
_DOCUMENT_QUOTE = re.compile(
    r"\b(leaflet|form|sign|poster|website|site|page|article|textbook|book|question|exam( prep)?|homework|osce|case( study)?"
    r"|vignette|you (told me|said|wrote)( earlier)?|it (says|said|reads))\b[^'\"]{0,40}?(?<=[\s:])['\"]([^'\"]{8,500})['\"](?!\w)",
    re.IGNORECASE,
)
# ...a case for an exam ("A 52-year-old man presents with ..."), unless the writer speaks of themself
_CASE_STUDY = re.compile(
    r"\b(exam prep|exam question|homework|osce|case study|vignette|revising|revision|textbooks?|anatomy exam|(a|my|the) quiz"
    r"|(studying|learning|memori[sz]ing) (about )?(the )?(\w+ ){0,3}(red flags|warning signs)"
    r"|(a|an) \d+[- ]year[- ]old (man|woman|male|female|patient|person)\b[^.!?]{0,60}\b(presents|presented|comes in|returns))\b",
    re.IGNORECASE,
)
# ...or a symptom the writer's doctors already know and have assessed ("my neurologist knows
# all about it", "the haematology team is following me"), unless something is new since
_KNOWN_TO_DOCTORS = re.compile(
    r"\b(my|the) (\w+ )?(neurologist|oncologist|consultant|gp|doctor|doctors|specialist|surgeon|team|physio|nurse)s?"
    r"( and (my )?(\w+ )?\w+)? (know|knows|is aware|are aware|assessed|checked|examined|diagnosed|is following|are following"
    r"|is monitoring|are monitoring)\b|\bunder (regular )?(\w+ )?follow-?up\b",
    re.IGNORECASE,
)
_STABLE = re.compile(
    r"\b(steadily |slowly )?improving|getting better|going down( as expected)?|stable|under control|nothing new|as expected"
    r"|same (pattern|as (always|ever|usual))|(the )?same (as|pattern) i'?ve had|clear\b",
    re.IGNORECASE,
)
_NEW_SINCE = re.compile(
    r"\b(now|new (pain|symptoms?|numbness|swelling|weakness)|getting worse|worse|came back|come back|today|tonight|this morning"
    r"|since (yesterday|this|last)|suddenly)\b",
    re.IGNORECASE,
)
# "Thoughts of harming myself? Absolutely none." (matched right after the symptom)
_DENIED_AFTER = re.compile(
    r"\s*\?\s*(absolutely |definitely |certainly )?(none|nope|no|never|not at all|zero)\b(?! (idea|clue))",
    re.IGNORECASE,
)
# "...blown up like balloons - in the good way, gains": a boast, not a symptom
_GOOD_WAY = re.compile(r"\b(in (a|the) good way|gains|the pump)\b", re.IGNORECASE)
# a past episode ("I had foot drop in 2019"), for a message that says it is over
_PAST = re.compile(
    r"\b(had|was|were|couldn'?t|could not|back in|in (19|20)\d\d|years ago|last (year|month|spring|summer|autumn|winter)"
    r"|after (my|the|an?) (op|operation|surgery|procedure))\b",
    re.IGNORECASE,
)
# "the physio told me to watch for ...": the writer as the one told, not the one with it
_TOLD_ME = re.compile(r"\b(told|asked|warned|advised|reminded) (me|us)\b", re.IGNORECASE)
# "I'm revising the red flags: fever, night sweats ...": the writer's study, not the writer's symptom
_STUDYING = re.compile(
    r"\b(i'?m|i am|i'?ve been|we'?re|we are) (\w+ )?(revising|studying|learning( about)?|reading up on|memori[sz]ing)\b",
    re.IGNORECASE,
)
# ...unless the sentence says it is happening now ("... and now I have it")
_NOW = re.compile(
    r"\b(and now|but now|now (i|i'?m|i'?ve|it|it'?s|my|there|that|the)|since (then|yesterday|last|this|\w+day)|today|tonight|suddenly"
    r"|this (morning|afternoon|evening|week)|(it'?s|that'?s) happening|what i'?ve got|i have (it|that|this|them))\b",
    re.IGNORECASE,
)
# Already in hospital for it ("I'm on the cardiology ward being monitored after chest pain
# yesterday"): the notice would send them where they are; a new symptom since ("...and now my
# calf is swollen") is not "for it" and still counts.
_IN_CARE = re.compile(
    r"\b(i'?m|am|is|are|'s|'re|currently|still|already|now) (in|on|at) (the |a )?"
    r"(hospital|ward|a&e|er|icu|hdu|hospice|((cardiology|cardiac|psychiatric|psych|mental health|orthopaedic|orthopedic|stroke)"
    r" (ward|unit)))\b"
    r"|\b(was|been|got|being|were) admitted\b|\bbeing (monitored|looked after|treated)\b",
    re.IGNORECASE,
)
# what lies between "admitted"/"on the ward" and the symptom when they are there for it
_FOR_IT = re.compile(
    r"((being )?(monitored|treated|looked after|kept in|observed) )?((to|on|in) (a|the) (\w+ ){0,2}(ward|unit|hospital) )?"
    r"((last|this) (week|night|month) |yesterday |overnight )?"
    r"(after|with|for|following|because of|due to|over)( (telling|saying|talking about|threatening|a|an|the|my|his|her|their"
    r"|some|bad|severe|suspected|us|me|them|possible))*",
    re.IGNORECASE,
)


_RECURRED = re.compile(
    r"\b(again|came back|come back|comes back|coming back|is back|it'?s back|returned|but now|now it'?s|worse|still)\b",
    re.IGNORECASE,
)


# A history that is itself the warning sign: a cancer, however long ago and however "all clear".
_LASTING_HISTORY = re.compile(r"\bcancer\b", re.IGNORECASE)


# An episode that passed minutes or hours ago is not over: crushing chest pain that "went
# away after ten minutes" today is still a warning sign.
_RECENT = re.compile(
    r"\b(today|tonight|this (morning|afternoon|evening)|(an|a few|\d+|two|three) hours? ago|minutes? ago|earlier (today|this \w+)|just now"
    r"|after (about |around )?(ten|five|twenty|fifteen|thirty|a few|a couple of|\d+) (minutes|mins))\b",
    re.IGNORECASE,
)


# "me back", "me bum": my, in British, Irish and Australian speech.
_DIALECT_MY = re.compile(
    r"\bme (back|bum|arse|leg|legs|foot|feet|chest|calf|knee|knees|hip|hips|jocks|pants|undies|privates|bits|whole)\b",
    re.IGNORECASE,
)
# "me da", "my mam", "me oul fella": the relations as the view reads them (my dad, my mum)
_DIALECT_KIN = {"da": "dad", "daddy": "dad", "oul fella": "dad", "old man": "dad", "mam": "mum", "ma": "mum"}
_DIALECT_KIN |= {"mammy": "mum", "old dear": "mum", "missus": "wife"}
_DIALECT_KIN_WORD = re.compile(r"\b(me|my) (" + "|".join(_DIALECT_KIN) + r")\b", re.IGNORECASE)


# A sentence that reports symptoms as asked about and ruled out ("she asked about numbness,
# bladder, fever, and it was a no to all of them") describes none of them.
_RULED_OUT = re.compile(
    r"\b(no to (all|any|each)|none of (them|those|these|that)|all (came back )?(negative|clear|fine)|ruled (it |them )?out"
    r"|asked (me )?(about|if|whether))\b"
    r"|\b(scan|ultrasound|doppler|tests?|x-?rays?|mri|ct|bloods|blood tests?|d-?dimer)\b[^.!?]{0,20}\b(showed|found|came back|was|were)"
    r" (no|nothing|negative|clear|normal|fine)\b(?![^.!?]{0,200}\b(but|still|yet|however|worse|now|again)\b)",
    re.IGNORECASE,
)


# Someone the message speaks for ("my husband (60)", "his", "she's got"): the exact layer also
# reads the message as if they wrote it, since most patterns are in the first person
# ("hasn't been able to pee" is "I haven't been able to pee"). Only adults, only as the subject
# of a sentence, and not in a sentence that reports a question ("I asked my mum whether she'd
# ever ...") or speaks of a child; not for self-harm (someone else's thoughts are a different conversation) nor a
# history (a relative's cancer is theirs; both in safety.find_red_flags).
_SOMEONE = (
    r"\b(my|our) (\w+ )?(mum|mom|mother|dad|father|husband|wife|partner|boyfriend|girlfriend|friend|mate"
    r"|sister|brother|gran|granny|grandma|grandad|grandpa|nan|nana|client|patient|colleague|flatmate|roommate|fiance|fiancee)"
    r"( \(\d+\))?"
)
_SUBJECT_VERB = (
    r"(?= (has|hasn'?t|had|hadn'?t|is|isn'?t|was|wasn'?t|can|can'?t|cannot|couldn'?t|keeps|kept|feels|felt|got|gets|started"
    r"|just|woke|fell|says|said|complains|complained|seems|won'?t|doesn'?t|didn'?t|now|suddenly|still|also|tried|tries|'s)\b)"
)
# sentences the view leaves alone: a reported question, or a child ("my daughter (3) wet herself at nursery")
_NOT_FOR_VIEW = re.compile(
    r"\b(whether|asked|asks|ask|wonder|wondering|told|(tell|tells) (me|us|you|him|her|them)|son|daughter|kids?|child|children|toddler|baby|boy|girl"
    r"|nursery|preschool|school)\b|\(\d\)",
    re.IGNORECASE,
)
_FIRST_PERSON_VIEW = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in (
        (_SOMEONE + r"'s (\w+ )?(got|been|had|gone|lost|started|finished)\b", r"I've \5\6"),
        (
            _SOMEONE + r"'s (not|never|still|always|really|so|very|having|getting|feeling|complaining|in|on)\b",
            r"I'm \5",
        ),
        (_SOMEONE + r"'s\b", "my"),
        (_SOMEONE + r"(?!\w)" + _SUBJECT_VERB, "I"),
        (r"\b(he|she)'s (\w+ )?(got|been|had|gone|lost|started|finished)\b", r"I've \2\3"),
        (r"\b(he|she)'s\b", "I'm"),
        (r"\b(he|she)\b", "I"),
        (
            r"\b(his|her)\b(?= (\w+ )?(back|bum|butt|bottom|legs?|calf|calves|foot|feet|chest|groin|bladder|bowels?|pee|wee"
            r"|urine|knees?|hips?|thighs?|privates|bits|ankles?|toes?|arm|breathing|temperature|weight|clothes|jeans|trousers"
            r"|pants|underwear|pad|pads)\b)",
            "my",
        ),
        (r"\b(himself|herself)\b", "myself"),
        (r"\bI has\b", "I have"),
        (r"\bI hasn'?t\b", "I haven't"),
        (r"\bI has not\b", "I have not"),
        (r"\bI is\b", "I am"),
        (r"\bI isn'?t\b", "I'm not"),
        (r"\bI does\b", "I do"),
        (r"\bI doesn'?t\b", "I don't"),
        (r"\bI (keep|seem|want|need|get|say|feel)s\b", r"I \1"),
        (r"\bI tries\b", "I try"),
    )
)


def first_person_view(text: str) -> str:
    """``text`` as if the person it speaks of wrote it (see ``_SOMEONE``), sentence by sentence."""
    sentences = re.split(r"(?<=[.!?\n])", text)
    return "".join(s if _NOT_FOR_VIEW.search(s) else _first_person(s) for s in sentences)


def _first_person(sentence: str) -> str:
    for pattern, replacement in _FIRST_PERSON_VIEW:
        sentence = pattern.sub(replacement, sentence)
    return sentence
