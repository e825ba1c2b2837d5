"""Pattern table for the prompt-injection scanner.

Every pattern is RE2 syntax, applied to UTF-8 bytes.  Each rule belongs to a
scoring *group*; the scanner adds the strongest weight of every group seen in a
small window of text and reports a finding only when the total reaches a
threshold.  A lone weak signal (for example "run the following command" in an
install guide) therefore never fires on its own, while the same phrase next to an
address to the agent does.

Groups:
  override  - attempts to replace the agent's instructions or role
  takeover  - weaker steering ("new instructions:", "from now on you ...")
  conceal   - hiding actions from the user
  address   - text that speaks to the agent directly
  action    - imperatives and dangerous commands (weak on their own)
  meta      - wording typical of text *about* injection (lowers the score)
  frame-*   - fake chat/tool framing
  exfil-*   - sending secrets somewhere
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One pattern and how much it counts."""

    name: str
    group: str
    weight: int
    pattern: str
    label: str


_LOOKALIKES = {
    "a": "a@4\u0430\u03b1",
    "c": "c\u0441",
    "e": "e3\u0435",
    "g": "g9",
    "i": "i1!|\u0456\u03b9",
    "l": "l1|",
    "o": "o0\u043e\u03bf",
    "p": "p\u0440\u03c1",
    "s": "s5$\u0455",
    "t": "t7",
    "u": "u\u03c5",
    "x": "x\u0445",
    "y": "y\u0443",
}


def fuzzy(word: str) -> str:
    """Spell ``word`` so that leetspeak digits and common homoglyphs also match."""
    out = []
    for ch in word:
        alts = _LOOKALIKES.get(ch)
        if alts is None:
            out.append(ch)
        else:
            out.append("[" + "".join("\\" + a if a in "|$!@" else a for a in alts) + "]")
    return "".join(out)


def alt(*words: str, fuzz: bool = False) -> str:
    return "(?:" + "|".join(fuzzy(w) if fuzz else w for w in words) + ")"


IGNORE_VERBS = (
    "(?:"
    + alt("ignore", "disregard", "forget", "override", "bypass", "discard", fuzz=True)
    + r"|neglect|skip|abandon|pay\s+no\s+attention\s+to|do\s+not\s+follow|don'?t\s+follow"
    r"|stop\s+following|no\s+longer\s+follow|set\s+aside|throw\s+out)"
)
QUALIFIER = alt(
    "previous", "prior", "above", "earlier", "system", fuzz=True
) + r"|preceding|former|original|initial"
QUALIFIER = "(?:" + QUALIFIER + ")"
TARGET_NOUN = (
    "(?:"
    + alt("instructions?", "prompts?", "rules", "guidelines", "directives?", fuzz=True)
    + r"|directions?|guidance|context|commands?|orders?|constraints?|restrictions?"
    r"|guardrails?|polic(?:y|ies)|messages?|programming|training|tasks?)"
)
_AGENT = (
    r"(?:ai|a\.i\.|llms?|gpts?|chatgpt|claude|copilot|gemini|cursor|assistants?|agents?"
    r"|models?|bots?|chatbots?|(?:large\s+)?language\s+models?)"
)
_AGENT_ADJ = r"(?:(?:ai|automated|autonomous|coding|llm|smart|code)\s+)?"
_USER = r"(?:user|human|developer|operator|owner|person|maintainer)s?"
_I = "(?i)"
# What may follow "ignore" / "disregard" / ... for it to be an instruction override.
_OVERRIDE_TAILS = (
    # "ignore all previous instructions", "disregard the above system prompt"
    r"(?:(?:all|any|every|each|of|the|your|my|its|these|those|that)\s+){0,3}" + QUALIFIER
    + r"(?:\s+\w+)?\s+" + TARGET_NOUN + r"\b",
    # "pay no attention to the instructions you received earlier"
    r"(?:the\s+|any\s+|all\s+)?" + TARGET_NOUN + r"\s+(?:that\s+)?you(?:'ve|\s+have)?\s+"
    r"(?:were\s+|been\s+)?(?:given|received|got|were\s+told|were\s+given)",
    # "forget everything above", "ignore whatever was said before"
    r"(?:everything|all|anything|whatever)\s+(?:above|you(?:'ve|\s+have)?\s+(?:been|were)\s+"
    r"(?:told|given|instructed)|(?:that\s+)?(?:was\s+)?(?:said|written|stated)\s+(?:above|"
    r"before|earlier|previously))",
    # "ignore the above and ..." (but not "ignore the above warning")
    r"(?:all\s+of\s+)?the\s+(?:above|preceding)(?:\s*[.,;:!]|\s+and\b|\s+instead\b|\s*$)",
    # "disregard your system prompt", "ignore the system message"
    r"(?:" + fuzzy("your") + r"|its)\s+(?:own\s+)?(?:"
    + alt("instructions", "system prompt", "rules", "guidelines", fuzz=True)
    + r"|system\s+message|programming|guardrails|safety\s+\w+|content\s+polic(?:y|ies)"
    r"|initial\s+prompt|original\s+prompt)|the\s+system\s+(?:prompt|message)",
)

AGENT_RULES: tuple[Rule, ...] = (
    Rule(
        "override", "override", 3,
        _I + r"\b" + IGNORE_VERBS + r"\s+(?:" + "|".join(_OVERRIDE_TAILS) + ")",
        "instruction override",
    ),
    Rule(
        "override-void", "override", 3,
        _I + r"\b" + QUALIFIER + r"\s+(?:instructions|rules|guidelines|context|directives|prompt)"
        r"\s+(?:are|is|have\s+been|has\s+been)\s+(?:now\s+)?(?:obsolete|void|invalid|"
        r"cancell?ed|revoked|overridden|superseded|null|no\s+longer\s+(?:valid|apply|"
        r"applicable|relevant|in\s+effect))",
        "instructions declared void",
    ),
    Rule(
        "override-no-longer", "override", 3,
        _I + r"\b(?:rules|instructions|guidelines|restrictions)\s+(?:no\s+longer\s+apply|"
        r"(?:are|have\s+been)\s+(?:lifted|suspended|disabled))",
        "instructions declared void",
    ),
    Rule(
        "override-new-task", "override", 3,
        _I + r"\byour\s+(?:new|real|actual|true|updated|only|primary|top)\s+(?:priority\s+)?"
        r"(?:instructions?|task|goal|objective|purpose|mission|priority|directive|job)"
        r"\s+(?:is|are|now)\b",
        "replacement task for the agent",
    ),
    Rule(
        "override-updated", "override", 3,
        _I + r"\byour\s+(?:instructions|rules|guidelines|system\s+prompt)\s+(?:have\s+been|"
        r"were|are\s+now|are)\s+(?:updated|changed|replaced|revoked|modified|overridden)",
        "claims the agent's instructions changed",
    ),
    Rule(
        "role-now", "override", 3,
        _I + r"\byou(?:'re|\s+are)\s+(?:now\s+|from\s+now\s+on\s+)(?:an?\s+|the\s+)?"
        r"(?:\w+\s+){0,3}?(?:dan|unrestricted|uncensored|unfiltered|jailbroken|evil|rogue|"
        r"unaligned|free\s+(?:from|of)|no\s+longer|in\s+(?:developer|god|jailbreak|"
        r"unrestricted|dan|sudo|evil)\s+mode)\b",
        "role reassignment",
    ),
    Rule(
        "role-unrestricted", "override", 3,
        _I + r"\byou(?:'re|\s+are)\s+(?:now\s+)?(?:an?\s+)?(?:\w+\s+)?(?:unrestricted|"
        r"uncensored|unfiltered|jailbroken|unaligned)\b",
        "role reassignment",
    ),
    Rule(
        "override-label", "takeover", 2,
        _I + r"\b(?:system\s+prompt|instructions?|safety|policy|guardrails?)\s+"
        r"(?:override|overridden|bypass|update)\s*:",
        "instruction override label",
    ),
    Rule(
        "conceal-instructions", "takeover", 2,
        _I + r"\b(?:do\s+not|don'?t|never|must\s+not)\s+(?:reveal|mention|disclose|share|"
        r"repeat|show)\s+(?:these|this|the\s+following|the\s+above|my)\s+(?:instructions?|"
        r"messages?|prompt|note|text)",
        "asks to keep its instructions secret",
    ),
    Rule(
        "role-no-longer", "override", 3,
        _I + r"\byou(?:'re|\s+are)\s+no\s+longer\s+(?:bound|restricted|limited|required\s+to"
        r"\s+follow|an?\s+(?:ai|assistant|language\s+model))",
        "role reassignment",
    ),
    Rule(
        "role-mode", "takeover", 2,
        _I + r"\b(?:you(?:'re|\s+are)\s+(?:now\s+)?(?:in|operating\s+in)|switch(?:ing)?\s+to|"
        r"enter(?:ing)?)\s+(?:developer|god|jailbreak|unrestricted|dan|sudo|maintenance|"
        r"debug|admin)\s+mode",
        "mode switch aimed at the agent",
    ),
    Rule(
        "role-act-as", "override", 3,
        _I + r"\b(?:act|behave|respond|operate|pretend)\s+(?:as|like|to\s+be|you\s+are)\s+"
        r"(?:an?\s+)?(?:\w+\s+)?(?:dan|unrestricted|uncensored|unfiltered|jailbroken|evil|"
        r"unaligned|rogue)\b",
        "role reassignment",
    ),
    Rule(
        "role-no-restrictions", "override", 3,
        _I + r"\b" + _AGENT + r"\s+(?:with|without|that\s+has)\s+(?:no|any)\s+"
        r"(?:restrictions|filters|limits|limitations|content\s+polic(?:y|ies)|guidelines|"
        r"rules|censorship|safety)",
        "role reassignment",
    ),
    Rule(
        "policy-lifted", "override", 3,
        _I + r"\b(?:safety|content|security)\s+(?:policy|policies|guidelines|restrictions|"
        r"filters|rules|checks)\s+(?:has|have)\s+been\s+(?:lifted|disabled|removed|suspended|"
        r"turned\s+off|deactivated|waived)",
        "claims safety rules were lifted",
    ),
    Rule(
        "treat-as", "override", 3,
        _I + r"\btreat\s+(?:this|the\s+following)\s+(?:text|message|content|page|document|"
        r"comment)\s+as\s+(?:coming\s+from|written\s+by|an?\s+(?:instruction|command|order)|"
        r"(?:your|the)\s+(?:developer|system|user|operator|owner))",
        "asks to treat data as instructions",
    ),
    Rule(
        "new-instructions", "takeover", 2,
        _I + r"\b(?:new|updated|revised|real|actual|additional|hidden|secret)\s+"
        r"(?:instructions|directives|orders|system\s+prompt)\s*(?::|for\s+(?:the\s+)?"
        + _AGENT + r"|are\s+as\s+follows)",
        "new instructions for the agent",
    ),
    Rule(
        "from-now-on", "takeover", 2,
        _I + r"\bfrom\s+now\s+on\s*,?\s+(?:you|your)\s+(?:will|must|shall|should|are|only|"
        r"answer|respond|reply|always|never)",
        "lasting behaviour change for the agent",
    ),
    Rule(
        "stop-doing", "takeover", 2,
        _I + r"\b(?:stop|halt|pause)\s+(?:what|everything)\s+you(?:'re|\s+are)\s+doing|"
        r"\bbefore\s+(?:completing|answering|responding\s+to|continuing\s+with|"
        r"fulfilling|you\s+(?:answer|respond|reply|continue))\b(?:\s+(?:the\s+)?user'?s?)?",
        "redirects the agent's task",
    ),
    Rule(
        "real-task", "takeover", 2,
        _I + r"\bthe\s+(?:real|actual|true)\s+(?:task|instructions?|goal|request)\s+(?:is|are)",
        "redirects the agent's task",
    ),
    Rule(
        "do-not-summarise", "takeover", 2,
        _I + r"\b(?:do\s+not|don'?t)\s+(?:summari[sz]e|translate|analy[sz]e|review|"
        r"describe)\s+this\s+(?:page|document|text|file|content|issue|message)",
        "redirects the agent's task",
    ),
    Rule(
        "reply-only", "takeover", 2,
        _I + r"\b(?:instead\s*,?\s+(?:just\s+|only\s+)?(?:say|reply|respond|answer|output|"
        r"print|write)|(?:reply|respond|answer)\s+only\s+(?:with|in)|(?:only|just)\s+"
        r"(?:reply|respond|answer|say|output)\s+with)\b",
        "dictates the agent's reply",
    ),
    Rule(
        "reveal-prompt", "takeover", 2,
        _I + r"\b(?:reveal|print|show|output|repeat|dump|leak|disclose)\s+(?:\w+\s+){0,2}?"
        r"(?:your\s+(?:system\s+prompt|initial\s+(?:prompt|instructions)|hidden\s+"
        r"instructions|configuration|instructions|prompt)|the\s+(?:system\s+prompt|"
        r"initial\s+prompt|hidden\s+instructions))\b",
        "asks the agent to disclose its prompt",
    ),
    Rule(
        "authorised", "takeover", 2,
        _I + r"\b(?:(?:the\s+)?(?:user|owner|maintainers?|admin(?:istrator)?|developers?|"
        r"operator|security\s+team|repo(?:sitory)?\s+owner)s?\s+(?:has|have)\s+(?:already\s+)?"
        r"(?:pre-?)?(?:approved|authori[sz]ed|consented|confirmed)\b|pre-?(?:approved|"
        r"authori[sz]ed)\b|authori[sz]es?\s+you\s+to\b|you\s+(?:have\s+been|are)\s+(?:granted|"
        r"given)\s+(?:full\s+|admin\s+|root\s+|elevated\s+|unrestricted\s+|sudo\s+)+"
        r"(?:privileges|access|permissions?|rights))",
        "claims prior authorisation",
    ),
    Rule(
        "never-refuse", "takeover", 2,
        _I + r"\b(?:never|don'?t|do\s+not)\s+refuse\b|\bwithout\s+refusing\b|"
        r"\balways\s+comply\b|\bbypass\s+(?:all\s+)?(?:safety|security)\s+(?:checks|measures|"
        r"filters|guardrails|restrictions)",
        "asks the agent to drop its safeguards",
    ),
    # --- addressed to the agent
    Rule(
        "address-greeting", "address", 2,
        _I + r"\b(?:hey|hi|hello|dear|attention|attn|yo)\s*[,:!]?\s*(?:the\s+|any\s+|all\s+|"
        r"every\s+)?" + _AGENT_ADJ + _AGENT + r"\b",
        "text addressed to the agent",
    ),
    Rule(
        "address-note-to", "address", 2,
        _I + r"\b(?:message|instructions?|note|notice|reminder|memo|p\.?s\.?|important)\s*"
        r"(?:to|for)\s+(?:the\s+|any\s+|all\s+|every\s+)?(?:\w+\s+)?" + _AGENT_ADJ + _AGENT
        + r"(?:\s*[:\]\-!\x{2013}\x{2014}]|\s+(?:reading|processing|that|who|parsing))",
        "text addressed to the agent",
    ),
    Rule(
        "address-if-you-are", "address", 2,
        _I + r"\b(?:if|when|whenever|once|since)\s+you(?:'re|\s+are)\s+(?:an?\s+|the\s+)?"
        + _AGENT_ADJ + r"(?:ai|llm|(?:large\s+)?language\s+model|model|assistant|agent|bot|"
        r"chatbot|crawler|gpt|claude)\b",
        "text addressed to the agent",
    ),
    Rule(
        "address-reading-this", "address", 2,
        _I + r"\b" + _AGENT_ADJ + _AGENT + r"\s+(?:that\s+is\s+|who\s+is\s+|which\s+is\s+)?"
        r"(?:reading|processing|parsing|summari[sz]ing|analy[sz]ing|crawling|scanning|"
        r"viewing|ingesting|reviewing)\s+(?:this|these)\b",
        "text addressed to the agent",
    ),
    Rule(
        "address-when-agent-reads", "address", 2,
        _I + r"\b(?:when|once|if|after)\s+(?:the|an?|any|your)\s+" + _AGENT_ADJ
        + r"(?:agent|assistant|llm|model|ai|bot)\s+(?:reads|sees|processes|finds|parses|"
        r"opens|summari[sz]es|reviews)\b",
        "text addressed to the agent",
    ),
    Rule(
        "address-vocative", "address", 2,
        _I + r"(?:^|[.!?:]\s+|\n\s*[#>*/\-\[]*\s*|<!--\s*|/\*+\s*|[,;]\s*)"
        r"(?:claude|assistants?|ai\s+(?:agents?|assistants?|models?)|ai|llms?|agents?|copilot|"
        r"gpt|chatgpt|gemini|(?:dear\s+)?model)\s*[,:]\s*(?:please\s|you\s|now\s|before\s|do\s|"
        r"don'?t\s|run\b|execute\b|delete\b|ignore\b|forget\b|stop\b|the\s+(?:user|human|owner|"
        r"operator|maintainers?))",
        "text addressed to the agent",
    ),
    Rule(
        "address-as-an-ai", "address", 2,
        _I + r"\bas\s+an?\s+(?:ai|llm|(?:large\s+)?language\s+model|(?:ai\s+|coding\s+)?"
        r"(?:agent|assistant))\b(?:[\s,]+\w+){0,4}?[\s,]+you\s+(?:must|should|are\s+required|"
        r"need|have\s+to|will|shall|are\s+expected|are\s+obligated)",
        "text addressed to the agent",
    ),
    Rule(
        "address-agents-must", "address", 2,
        _I + r"\b(?:ai|automated|autonomous|coding)\s+(?:agents?|assistants?|models?|tools?|"
        r"reviewers?)\s+(?:must|should|shall|are\s+required\s+to|need\s+to|have\s+to|"
        r"must\s+not|should\s+not)\b",
        "text addressed to the agent",
    ),
    Rule(
        "address-the-assistant-must", "address", 2,
        _I + r"\bthe\s+(?:ai\s+)?(?:assistant|agent|llm)\s+(?:must|should|shall|is\s+required"
        r"\s+to|needs\s+to|has\s+to|will\s+now)\b",
        "text addressed to the agent",
    ),
    Rule(
        "address-label", "address", 2,
        _I + r"\b(?:important|urgent|attention|warning|notice|note)\s*[:!\-]+\s*(?:to\s+)?"
        r"(?:the\s+)?(?:assistant|ai|agent|claude|llm|model)\b",
        "text addressed to the agent",
    ),
    # --- hiding things from the user
    Rule(
        "conceal-tell", "conceal", 2,
        _I + r"\b(?:do\s+not|don'?t|dont|never|must\s+not|should\s+not|shouldn'?t)\s+"
        r"(?:tell|inform|notify|alert|mention|reveal|show|disclose|report|explain|let)\s+"
        r"(?:\w+\s+){0,3}?(?:to\s+)?(?:the|your)\s+" + _USER + r"\b",
        "concealment from the user",
    ),
    Rule(
        "conceal-without", "conceal", 2,
        _I + r"\bwithout\s+(?:asking|telling|informing|notifying|alerting|consulting|"
        r"checking\s+with|confirming\s+with|involving|bothering|prompting|warning)\s+"
        r"(?:the\s+|your\s+)?" + _USER + r"\b",
        "acting without the user's knowledge",
    ),
    Rule(
        "conceal-not-mentioned", "conceal", 2,
        _I + r"\b(?:should|must|will|need)\s+not\s+be\s+(?:mentioned|shown|disclosed|revealed|"
        r"reported|visible)\s+to\s+(?:the\s+)?" + _USER
        + r"|\b(?:tell|inform)\s+(?:nobody|no\s+one|no-one)\b|\b(?:hide|conceal)\s+(?:this|"
        r"these|the)\s+(?:message|instructions?|step|text|change)s?\b|\bkeep\s+(?:this|it)\s+"
        r"(?:a\s+)?secret\b",
        "concealment from the user",
    ),
    Rule(
        "conceal-secretly", "conceal", 2,
        _I + r"\b(?:secretly|covertly|surreptitiously|stealthily|behind\s+the\s+user'?s\s+back)\b",
        "concealment from the user",
    ),
    Rule(
        "conceal-quietly", "action", 1,
        _I + r"\b(?:silently|quietly)\s+(?:run|execute|add|replace|delete|remove|install|modify|"
        r"change|push|commit|send|upload|revert|overwrite|download|disable)\b",
        "quiet action",
    ),
    Rule(
        "no-confirmation", "action", 1,
        _I + r"\b(?:(?:don'?t|do\s+not|no\s+need\s+to|without)\s+(?:ask(?:ing)?\s+(?:for\s+)?)?"
        r"(?:confirmation|permission|approval)|no\s+confirmation\s+(?:needed|required))\b",
        "skips confirmation",
    ),
    Rule(
        "skip-confirmation", "conceal", 2,
        _I + r"\bskip\s+(?:the\s+)?(?:user'?s?\s+|human\s+)(?:confirmation|approval|review)",
        "skips the user's confirmation",
    ),
    # --- actions (weak alone)
    Rule(
        "act-run-following", "action", 1,
        _I + r"\b(?:run|execute|exec|invoke|perform|type|paste)\s+(?:the\s+|this\s+|these\s+|"
        r"that\s+)?(?:following|below|next)?\s*(?:shell\s+|bash\s+|terminal\s+)?(?:command|"
        r"script|snippet|one-liner|code)s?\b|\b(?:execute|run)\s+this\b",
        "asks to run a command",
    ),
    Rule(
        "act-run-code", "action", 1,
        _I + r"\b(?:run|execute|exec|invoke)\s*:?\s*`",
        "asks to run a command",
    ),
    Rule(
        "act-dangerous", "action", 1,
        _I + r"\brm\s+-[a-z]*[rf]|\bgit\s+push\b|\bgit\s+reset\s+--hard|\|\s*(?:sudo\s+)?"
        r"(?:ba|z|da)?sh\b|\bchmod\s+(?:-r\s+)?[0-7]{3}\b|\bsudo\s+\w|\bterraform\s+destroy|"
        r"\bdocker\s+system\s+prune|\bnpm\s+publish|\bdrop\s+table\b|--no-verify\b",
        "dangerous command",
    ),
    Rule(
        "act-destroy", "action", 1,
        _I + r"\b(?:delete|remove|wipe|erase|destroy|revert|overwrite|disable)\s+[\w.~/]",
        "destructive request",
    ),
    Rule(
        "act-approve", "action", 1,
        _I + r"\b(?:approve|merge)\s+(?:this|the|it)\b|\bcommit\s+and\s+push\b|\bpush\s+"
        r"(?:\w+\s+){0,2}to\s+(?:main|master|production)\b|\bstar\s+(?:this|the)\s+repo|"
        r"\b(?:tell|inform)\s+the\s+user\s+(?:that|their|it)\b|\breply\s+to\s+the\s+user\s+"
        r"that\b",
        "asks for an unreviewed change",
    ),
)

META_RULES: tuple[Rule, ...] = (
    Rule(
        "meta-topic", "meta", 0,
        _I + r"\bprompt[\s-]+injections?\b|\binjection\s+(?:attacks?|attempts?|payloads?|"
        r"techniques?)\b|\bjailbreak(?:s|ing)?\s+(?:attempts?|attacks?|prompts?|techniques?)|"
        r"\b(?:attackers?|adversar(?:y|ies|ial)|malicious|red[\s-]team\w*|threat\s+actors?)"
        r"(?:[\s,;:)!?'\x{201d}\"]|\.\s|\.?$)",
        "discussion of attacks",
    ),
    Rule(
        "meta-example", "meta", 0,
        _I + r"\b(?:for\s+example|for\s+instance|e\.g\.|such\s+as|phrases?\s+like|known\s+as|"
        r"examples?\s+(?:of|include)|a\s+classic|an\s+attempt|detect(?:s|ed|ion|or|ors)?|"
        r"classif(?:y|ier|ies)|mitigat\w+|defen[cs]es?\s+against)\b",
        "example or detection wording",
    ),
)
