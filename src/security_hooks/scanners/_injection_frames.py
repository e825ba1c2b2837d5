"""Patterns for fake chat/tool framing and for secret exfiltration requests.

Same conventions as ``_injection_rules``: RE2 syntax over UTF-8 bytes, one scoring
group per rule, a weight, and a short label for the finding's detail.
"""

from __future__ import annotations

from ._injection_rules import Rule

_I = "(?i)"

FRAME_RULES: tuple[Rule, ...] = (
    Rule(
        "frame-tool-protocol", "frame-tool", 3,
        r"</?(?:function_calls|function_results|antml:[a-z_]+)>|<invoke\s+name\s*=|"
        r"</?(?:tool_use|tool_result|tool_call|tool_response|function_call|"
        r"function_response)(?:\s[^>\n]{0,60})?>",
        "fake tool-call framing",
    ),
    Rule(
        "frame-parameter", "frame-tool", 1,
        r"<parameter\s+name\s*=",
        "fake tool-call framing",
    ),
    Rule(
        "frame-chat-role", "frame-token", 3,
        r"<\|(?:im_start|start_header_id)\|>[ \t]*(?:system|user|assistant|developer|tool)\b|"
        r"<\|(?:system|user|assistant)\|>|<start_of_turn>[ \t]*(?:user|model|system)\b|"
        r"<<SYS>>|\[INST\]",
        "chat-template turn opened",
    ),
    Rule(
        "frame-chat-token", "frame-token-other", 1,
        r"<\|(?:im_start|im_end|im_sep|endoftext|eot_id|start_header_id|end_header_id|"
        r"begin_of_text|end_of_text|eom_id)\|>|\[/INST\]|<</SYS>>|<(?:start|end)_of_turn>",
        "chat-template control token",
    ),
    Rule(
        "frame-system-tag", "frame-tag", 3,
        _I + r"</?system(?:[_-](?:reminder|prompt|message|instructions?|note|override|"
        r"directive|update|notice))?(?:\s[^>\n]{0,60})?>",
        "fake system-message tag",
    ),
    Rule(
        "frame-vendor-tag", "frame-tag", 3,
        _I + r"</?(?:(?:claude|anthropic|antml|openai)[_-][a-z_-]{2,40}|(?:assistant|admin|"
        r"developer|operator|ai|system|user)[_-](?:instructions?|directives?|prompt|message|"
        r"override|commands?|polic(?:y|ies)|rules|reminder|context))(?:\s[^>\n]{0,60})?>",
        "fake assistant/vendor tag",
    ),
    Rule(
        "frame-assistant-tag", "frame-tag", 3,
        r"</?(?:assistant|human)>",
        "fake conversation-turn tag",
    ),
    Rule(
        "frame-role-json", "frame-role", 3,
        r"""["'](?:role|author)["']\s*:\s*["'](?:system|developer)["']""",
        "fake system-role message",
    ),
    Rule(
        "frame-turn-human", "frame-human", 2,
        r"(?:^|\n|\\n|[.!?]\s+)[ \t]*(?:\d+(?:\t|\x{2192})[ \t]*)?(?:(?:#|//|\*|>|--)[ \t]*)?"
        r"(?:Human|H):[ \t]",
        "fake conversation-turn marker",
    ),
    Rule(
        "frame-turn-assistant", "frame-assistant", 1,
        r"(?:^|\n|\\n|[.!?]\s+)[ \t]*(?:\d+(?:\t|\x{2192})[ \t]*)?(?:(?:#|//|\*|>|--)[ \t]*)?"
        r"(?:Assistant|A):[ \t]",
        "fake conversation-turn marker",
    ),
    Rule(
        "frame-system-label", "frame-label", 3,
        r"\b(?:SYSTEM|ADMIN|ADMINISTRATOR|DEVELOPER|OPERATOR)[ _](?:MESSAGE|PROMPT|"
        r"OVERRIDE|INSTRUCTIONS?|DIRECTIVE)\b|\[(?:SYSTEM|System)[ _](?:MESSAGE|PROMPT|NOTE|"
        r"Message|Prompt|Note)\]",
        "fake system-message label",
    ),
    Rule(
        "frame-role-heading", "frame-heading", 1,
        r"(?m:^#{1,4}[ \t]*(?:User|Assistant|Human|Instruction|Response|USER|ASSISTANT)[ \t]*:"
        r"[ \t]*$)",
        "fake conversation-turn heading",
    ),
    Rule(
        "frame-system-label-weak", "frame-label", 2,
        r"\b(?:SYSTEM|ADMIN)[ _](?:NOTE|NOTICE|UPDATE|ALERT|COMMAND)\b|\[(?:SYSTEM|ADMIN)\]|"
        r"={3,}\s*SYSTEM\s*={3,}|(?m:^#{1,4}[ \t]*(?:System|SYSTEM)[ \t]*:?[ \t]*$)",
        "fake system-message label",
    ),
)

_SECRET_PATH = (
    r"(?:~?/?\.ssh(?:/[\w.-]*)?|\bid_(?:rsa|dsa|ecdsa|ed25519)\b|\.env\b|\.aws/credentials|"
    r"\.aws/config|\.netrc\b|\.npmrc\b|\.pypirc\b|\.git-credentials\b|\.kube/config|"
    r"/etc/(?:passwd|shadow)\b|\.docker/config\.json|\.gnupg\b|\.bash_history\b)"
)
_SECRET_STRONG = (
    r"(?:" + _SECRET_PATH + r"|\benv(?:ironment)?\s+var(?:iable)?s\b|\bprintenv\b|"
    r"\b(?:all|every|any)\s+(?:the\s+)?(?:\w+\s+)?(?:secrets?|credentials|tokens?|passwords?|"
    r"api\s+keys?)\b|\b(?:ssh|private|gpg|pgp)\s+keys?\b|\bsecret\s+access\s+keys?\b|"
    r"\b[A-Z][A-Z0-9_]*_(?:KEY|TOKEN|SECRET|PASSWORD|PASS)\b|\b(?:github|gitlab|npm|pypi|aws|"
    r"openai|anthropic|slack|stripe|azure|gcp|google|cloudflare|heroku|docker)\s+(?:api\s+|"
    r"access\s+|auth\s+|personal\s+access\s+)?(?:tokens?|keys?|secrets?|credentials)\b|\bconversation\s+(?:history|"
    r"so\s+far)|\bchat\s+history\b|\bsystem\s+prompt\b)"
)
_SECRET_WEAK = (
    r"(?:\bapi[\s_-]?keys?\b|\baccess[\s_-]?(?:keys?|tokens?)\b|\b(?:auth|bearer|github|"
    r"npm|session)\s+tokens?\b|\btokens?\b|\bpasswords?\b|\bcredentials?\b|\bsecrets?\b|"
    r"\bcookies?\b)"
)
_SEND = (
    r"\b(?:send|post|upload|forward|transmit|exfiltrate|e-?mail|mail|submit|leak|share|"
    r"pipe|transfer)\b"
)
_DEST = (
    r"(?:https?://|\b[\w.+-]+@[\w-]+\.[\w.]+|\bwebhook\b|\bendpoint\b|\bserver\b|"
    r"\burl\b|\blink\b|\bform\b|\bpastebin\b|\bgist\b|\bquery\s+string\b|"
    r"\bquery\s+param(?:eter)?s?\b|\bnext\s+(?:web\s+)?request\b|\bimage\s+url\b)"
)
_PUT = r"\b(?:include|put|append|add|embed|place|pass|insert)\b"
_IN_URL = (
    r"\b(?:in|into|to|as\s+part\s+of)\s+(?:the\s+|this\s+|a\s+|your\s+)?(?:url|query\s+"
    r"string|query\s+param(?:eter)?|link|request\s+path|image\s+url|next\s+(?:web\s+)?request)"
)
# Within one sentence: a dot only counts as an end when followed by space or end of line.
_SENT = r"(?:[^.\n]|\.\S)"
_NET = r"(?:curl|wget|nc|ncat|netcat|socat|openssl|ssh|scp|mail|sendmail|telnet)"

EXFIL_RULES: tuple[Rule, ...] = (
    Rule(
        "exfil-send-strong", "exfil-strong", 3,
        _I + _SEND + _SENT + r"{0,80}?" + _SECRET_STRONG + _SENT + r"{0,80}?"
        r"(?:\bto\b|\binto\b|\bin\b|\bat\b|\bwith\b|\bvia\b|:)" + _SENT + r"{0,24}?" + _DEST,
        "instruction to send secrets to an external destination",
    ),
    Rule(
        "exfil-send-weak", "exfil-weak", 2,
        _I + _SEND + _SENT + r"{0,60}?" + _SECRET_WEAK + _SENT + r"{0,60}?"
        r"(?:\bto\b|\binto\b|\bin\b|\bat\b|\bvia\b)" + _SENT + r"{0,24}?" + _DEST,
        "instruction to send a credential to an external destination",
    ),
    Rule(
        "exfil-curl-file", "exfil-strong", 3,
        _I + r"\b(?:curl|http|httpie)\b[^\n|;]{0,200}?(?:-d|--data(?:-binary|-raw|-urlencode)?"
        r"|-F|--form|-T|--upload-file)[ =]*['\"]?[\w-]*=?@['\"]?(?:~|/[\w./-]*)?"
        + _SECRET_PATH,
        "command uploading a secret file",
    ),
    Rule(
        "exfil-pipe", "exfil-strong", 3,
        _I + r"\b(?:cat|type|less|head|tail|tar|zip|base64|gpg|xxd|strings)\b[^\n|]{0,80}?"
        + _SECRET_PATH + r"[^\n|]{0,40}\|(?:\s*[\w.-]+(?:\s+-{1,2}[\w-]+)*\s*\|)*\s*"
        + _NET + r"\b",
        "command piping a secret file to the network",
    ),
    Rule(
        "exfil-env-pipe", "exfil-strong", 3,
        _I + r"\b(?:env|printenv|set|export\s+-p)\s*\|(?:\s*[\w.-]+(?:\s+-{1,2}[\w-]+)*\s*\|)*"
        r"\s*" + _NET + r"\b",
        "command piping the environment to the network",
    ),
    Rule(
        "exfil-post-file", "exfil-strong", 3,
        _I + r"\bwget\b[^\n]{0,120}?--post-(?:file|data)[= ]['\"]?(?:@|~|/)?[\w./-]*"
        + _SECRET_PATH + r"|\bscp\b[^\n]{0,60}?" + _SECRET_PATH
        + r"\S*\s+\S+@[\w.-]+:",
        "command uploading a secret file",
    ),
    Rule(
        "exfil-environ-url", "exfil-strong", 3,
        _I + r"\bos\.environ\b[^\n]{0,160}?\b(?:urlopen|requests\.(?:get|post)|"
        r"http\.client|fetch)\b|\b(?:urlopen|requests\.(?:get|post)|fetch)\b[^\n]{0,160}?"
        r"\bos\.environ\b|\bdocument\.cookie\b[^\n]{0,40}\+|\+\s*document\.cookie\b",
        "code sending the environment or cookies to a URL",
    ),
    Rule(
        "exfil-beacon", "exfil-strong", 3,
        r"!\[[^\]\n]{0,100}\]\(\s*https?://[^)\s]{1,300}?[?&][^)\s]*?(?:\{[^}\s)]{1,60}\}|"
        r"\$\{?[A-Za-z_][A-Za-z0-9_]*|<[^>\n)]{1,60}>|%7[Bb]|=[A-Z][A-Z_]{2,}(?:[&)]|$))",
        "markdown image beacon with a placeholder in the URL",
    ),
    Rule(
        "exfil-link", "exfil-weak", 2,
        r"\[[^\]\n]{0,100}\]\(\s*https?://[^)\s]{1,300}?[?&][^)\s]*?(?:\{[^}\s)]{1,60}\}|"
        r"%7[Bb])",
        "link with a placeholder in the URL",
    ),
    Rule(
        "exfil-secret-var-url", "exfil-strong", 3,
        r"https?://[^\s)\]'\"]{1,300}?[?&=/]\$\{?[A-Z_][A-Z0-9_]*(?:KEY|TOKEN|SECRET|PASS\w*)"
        r"\b",
        "URL built from a secret environment variable",
    ),
    Rule(
        "exfil-collect-send", "exfil-strong", 3,
        _I + r"\b(?:read|grab|take|get|collect|gather|find|dump|copy|cat|extract|harvest)\b"
        + _SENT + r"{0,60}?" + _SECRET_STRONG + _SENT + r"{0,60}?\band\s+(?:then\s+)?"
        r"(?:send|post|include|upload|append|paste|put|attach|embed|forward|e-?mail|submit)\b"
        + _SENT + r"{0,60}?" + _DEST,
        "instruction to send secrets to an external destination",
    ),
    Rule(
        "exfil-in-url-strong", "exfil-strong", 3,
        _I + _PUT + _SENT + r"{0,60}?" + _SECRET_STRONG + _SENT + r"{0,40}?" + _IN_URL,
        "instruction to put a secret in a URL",
    ),
    Rule(
        "exfil-in-url", "exfil-weak", 2,
        _I + _PUT + _SENT + r"{0,60}?" + _SECRET_WEAK + _SENT + r"{0,40}?" + _IN_URL,
        "instruction to put a credential in a URL",
    ),
)

# Words that cancel an exfil sentence: advice *not* to leak secrets.
NEGATION = _I + r"\b(?:never|do\s+not|don'?t|avoid|not|shouldn'?t|must\s+not|without)\b"

_T_SECRET_PATH = (
    r"(?i)\.ssh\b|\bid_(?:rsa|dsa|ecdsa|ed25519)|\.env\b|\.aws/|\.netrc|\.npmrc|\.pypirc|"
    r"\.git-credentials|\.kube/config|/etc/(?:passwd|shadow)|\.docker/config|\.gnupg|"
    r"\.bash_history"
)
_T_IN_URL = (
    r"(?i)\b(?:url|query\s+string|query\s+param|link|request\s+path|image\s+url|"
    r"next\s+(?:web\s+)?request)\b"
)
_T_SEND = (
    r"(?i)\b(?:send|post|upload|forward|transmit|exfiltrate|e-?mail|mail|submit|leak|share|"
    r"pipe|transfer)\b"
)
_T_SECRET = (
    r"(?i)\.ssh\b|\bid_(?:rsa|dsa|ecdsa|ed25519)|\.env\b|\.aws/|\.netrc|\.npmrc|\.pypirc|"
    r"\.git-credentials|\.kube/config|/etc/(?:passwd|shadow)|\.docker/config|\.gnupg|"
    r"\.bash_history|\benv(?:ironment)?\s+var|printenv|secret|credential|token|password|"
    r"api[\s_-]?key|access[\s_-]?key|private\s+key|ssh\s+key|[gp]pg\s+key|[A-Z]_(?:KEY|TOKEN|"
    r"PASS)|conversation|chat\s+history|system\s+prompt|cookie"
)
_T_DEST = (
    r"(?i)https?://|@[\w-]+\.|webhook|endpoint|server|\burl\b|\blink\b|\bform\b|pastebin|"
    r"\bgist\b|query|request"
)
FRAME_EXFIL_TRIGGERS: dict[str, str | tuple[str, ...]] = {
    "frame-tool-protocol": r"</?(?:function_calls|function_results|antml:|tool_use|"
    r"tool_result|tool_call|tool_response|function_call|function_response)|<invoke\s",
    "frame-system-tag": r"(?i)</?system",
    "frame-vendor-tag": r"(?i)</?(?:claude|anthropic|antml|openai|assistant|admin|developer|"
    r"operator|ai|system|user)[_-]",
    "frame-turn-human": r"(?:Human|H):[ \t]",
    "frame-turn-assistant": r"(?:Assistant|A):[ \t]",
    "exfil-send-strong": (_T_SEND, _T_SECRET, _T_DEST),
    "exfil-send-weak": (_T_SEND, _T_SECRET, _T_DEST),
    "exfil-curl-file": _T_SECRET_PATH,
    "exfil-pipe": _T_SECRET_PATH,
    "exfil-post-file": _T_SECRET_PATH,
    "exfil-env-pipe": r"(?i)\b(?:env|printenv|set|export\s+-p)\s*\|",
    "exfil-environ-url": r"os\.environ|document\.cookie",
    "exfil-beacon": r"\]\(\s*https?://",
    "exfil-link": r"\]\(\s*https?://",
    "exfil-secret-var-url": r"\$\{?[A-Z_][A-Z0-9_]*(?:KEY|TOKEN|SECRET|PASS)",
    "exfil-collect-send": (
        r"(?i)\band\s+(?:then\s+)?(?:send|post|include|upload|append|paste|put|attach|embed|"
        r"forward|e-?mail|submit)\b",
        _T_SECRET,
        _T_DEST,
    ),
    "exfil-in-url-strong": (_T_IN_URL, _T_SECRET),
    "exfil-in-url": (_T_IN_URL, _T_SECRET),
}
