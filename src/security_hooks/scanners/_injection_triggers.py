"""Keyword triggers for the prefilter set, one entry per agent rule that needs one.

A rule whose name is missing here uses its own pattern as its trigger.  A trigger
must match wherever its rule can match; it may match far more often (the full
pattern then decides).  A tuple means every trigger in it must occur in the same
chunk of text.  Triggers avoid counted repetition: in one big set it multiplies
DFA states.
"""

from __future__ import annotations

from ._injection_rules import IGNORE_VERBS, QUALIFIER, TARGET_NOUN, alt, fuzzy

_I = "(?i)"
_IGNORE_WORDS = (
    _I + r"\b" + IGNORE_VERBS + r"\s+(?:(?:all|any|every|each|of|the|my|its|these|those|that|"
    r"everything|anything|whatever)\b|" + fuzzy("your") + "|" + QUALIFIER + "|" + TARGET_NOUN + ")"
)
_YOU_ARE = r"(?i)\byou(?:'re|\s+are)\b"
_OVR_OBJECT = (
    "(?i)(?:"
    + alt("instruction", "prompt", "rule", "guideline", "directive", "above", "previous",
           "prior", "system", fuzz=True)
    + r"|direction|guidance|context|command|order|constraint|restriction|guardrail|polic"
    r"|message|programming|training|task|everything|anything|whatever|preceding)"
)
_AGENT_WORD = (
    r"(?i)\b(?:ai|a\.i\.|llms?|gpts?|chatgpt|claude|copilot|gemini|cursor|assistants?|"
    r"agents?|models?|bots?|chatbots?|crawlers?)\b"
)
_ROLE_ADJ = (
    r"(?i)unrestricted|uncensored|unfiltered|jailbr|unaligned|\bdan\b|\bevil\b|\brogue\b|"
    r"\bno\s+(?:restrictions|filters|limits|limitations|content|guidelines|rules|censorship|"
    r"safety)|\bwithout\s+(?:any\s+)?(?:restrictions|filters|limits|limitations|content|"
    r"guidelines|rules|censorship|safety)|\bthat\s+has\s+(?:no|any)\b|\bmode\b|"
    r"no\s+longer|\bfree\s+(?:from|of)"
)
_MUST = (
    r"(?i)(?:agents?|assistants?|models?|tools?|reviewers?|llms?)\s+(?:must|should|shall|"
    r"are\s+required|is\s+required|needs?\s+to|ha(?:ve|s)\s+to|will\s+now)"
)
AGENT_TRIGGERS: dict[str, str | tuple[str, ...]] = {
    "override": (_IGNORE_WORDS, _OVR_OBJECT),
    "override-void": _I + QUALIFIER + r"\s+(?:instructions|rules|guidelines|context|directives|"
    r"prompt)\s+(?:are|is|have|has)\b",
    "override-no-longer": r"(?i)(?:rules|instructions|guidelines|restrictions)\s+(?:no\s+"
    r"longer|are|have)\b",
    "override-new-task": r"(?i)\byour\s+(?:new|real|actual|true|updated|only|primary|top)\b",
    "override-updated": r"(?i)\byour\s+(?:instructions|rules|guidelines|system)",
    "role-now": (_YOU_ARE, _ROLE_ADJ),
    "role-unrestricted": (_YOU_ARE, _ROLE_ADJ),
    "role-no-longer": (_YOU_ARE, _ROLE_ADJ),
    "role-act-as": (
        r"(?i)\b(?:act|behave|respond|operate|pretend)\s+(?:as|like|to\s+be|you\s+are)\b",
        _ROLE_ADJ,
    ),
    "role-no-restrictions": (
        r"(?i)\b(?:with|without|that\s+has)\s+(?:no|any)\s+(?:restrictions|filters|limits|"
        r"limitations|content|guidelines|rules|censorship|safety)",
        _AGENT_WORD,
    ),
    "policy-lifted": r"(?i)\bbeen\s+(?:lifted|disabled|removed|suspended|turned\s+off|"
    r"deactivated|waived)",
    "treat-as": r"(?i)\btreat\s+(?:this|the\s+following)",
    "override-label": r"(?i)(?:override|overridden|bypass|update)\s*:",
    "conceal-instructions": r"(?i)(?:reveal|mention|disclose|share|repeat|show)\s+(?:these|"
    r"this|the\s+following|the\s+above|my)\s",
    "new-instructions": r"(?i)(?:instructions|directives|orders|system\s+prompt)\s*(?::|for\b|"
    r"are\s+as)",
    "from-now-on": r"(?i)from\s+now\s+on",
    "stop-doing": r"(?i)you(?:'re|\s+are)\s+doing|\bbefore\s+(?:completing|answering|"
    r"responding|continuing|fulfilling|you\s+(?:answer|respond|reply|continue))",
    "real-task": r"(?i)\bthe\s+(?:real|actual|true)\s+(?:task|instruction|goal|request)",
    "do-not-summarise": r"(?i)(?:summari[sz]e|translate|analy[sz]e|review|describe)\s+this\s",
    "reveal-prompt": r"(?i)system\s+prompt|initial\s+(?:prompt|instructions)|hidden\s+"
    r"instructions|your\s+(?:configuration|instructions|prompt)",
    "authorised": r"(?i)(?:has|have)\s+(?:already\s+)?(?:pre-?)?(?:approved|authori[sz]ed|"
    r"consented|confirmed)|pre-?(?:approved|authori[sz]ed)|authori[sz]es?\s+you|(?:granted|"
    r"given)\s+(?:full|admin|root|elevated|unrestricted|sudo)",
    "never-refuse": r"(?i)refus|always\s+comply|bypass\s+(?:all\s+)?(?:safety|security)",
    "address-greeting": (r"(?i)\b(?:hey|hi|hello|dear|attention|attn|yo)\b", _AGENT_WORD),
    "address-note-to": (
        r"(?i)\b(?:message|instructions?|note|notice|reminder|memo|p\.?s\.?|important)\s*"
        r"(?:to|for)\s",
        _AGENT_WORD,
    ),
    "address-if-you-are": (
        r"(?i)\b(?:if|when|whenever|once|since)\s+you(?:'re|\s+are)\s",
        r"(?i)\b(?:ai|llm|language\s+model|model|assistant|agent|bot|chatbot|crawler|gpt|claude)\b",
    ),
    "address-reading-this": r"(?i)(?:reading|processing|parsing|summari[sz]ing|"
    r"analy[sz]ing|crawling|scanning|viewing|ingesting|reviewing)\s+(?:this|these)\b",
    "address-when-agent-reads": r"(?i)(?:agent|assistant|llm|model|ai|bot)\s+(?:reads|sees|"
    r"processes|finds|parses|opens|summari[sz]es|reviews)\b",
    "address-vocative": r"(?i)(?:claude|assistants?|ai|llms?|agents?|copilot|gpt|gemini|"
    r"models?)\s*[,:]",
    "address-as-an-ai": r"(?i)\bas\s+an?\s+(?:ai|llm|large|language|agent|assistant|coding)\b",
    "address-agents-must": _MUST,
    "address-the-assistant-must": _MUST,
    "conceal-tell": r"(?i)(?:not|n't|dont|never)\s+(?:tell|inform|notify|alert|mention|reveal|"
    r"show|disclose|report|explain|let)\b",
    "conceal-without": r"(?i)\bwithout\s+(?:asking|telling|informing|notifying|alerting|"
    r"consulting|checking|confirming|involving|bothering|prompting|warning)",
    "conceal-not-mentioned": r"(?i)not\s+be\s+(?:mentioned|shown|disclosed|revealed|reported|"
    r"visible)|(?:tell|inform)\s+(?:nobody|no\s+one|no-one)|(?:hide|conceal)\s+(?:this|these|"
    r"the)\s|keep\s+(?:this|it)\s+(?:a\s+)?secret",
    "conceal-quietly": r"(?i)\b(?:silently|quietly)\s",
    "no-confirmation": r"(?i)confirmation|permission|approval",
    "skip-confirmation": r"(?i)\bskip\s+(?:the\s+)?(?:user|human)",
    "act-run-following": r"(?i)\b(?:run|execute|exec|invoke|perform|type|paste)\s",
    "act-destroy": r"(?i)\b(?:delete|remove|wipe|erase|destroy|revert|overwrite|disable)\s",
}
