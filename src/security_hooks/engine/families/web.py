"""WebFetch and WebSearch: where the agent reaches out to the network."""

from __future__ import annotations

from urllib.parse import urlsplit

from ...config.load import Config
from ...rules.vocabulary import FamilySpec
from ..event import Event
from .base import COMMON_VARIABLES, EventView, common_variables, fields, string_leaves

SPEC = FamilySpec(
    name="web",
    default_field="url",
    fields=fields(
        ("url", False, "the WebFetch URL"),
        ("host", False, "the host part of the URL, lower-cased"),
        ("query", False, "the WebSearch query and the WebFetch prompt"),
        ("tool", False, "the tool name"),
    ),
    variables=COMMON_VARIABLES | {"url", "host"},
)


def host_of(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


class WebFamily:
    spec = SPEC

    def prepare(self, event: Event, config: Config) -> EventView:
        url = event.text("url")
        host = host_of(url)
        query = [event.text("query"), event.text("prompt")]
        query += string_leaves(event.tool_input.get("allowed_domains"))
        return EventView(
            {
                "url": (url,) if url else (),
                "host": (host,) if host else (),
                "query": tuple(q for q in query if q),
                "tool": (event.tool_name,),
            },
            {**common_variables(event), "url": url[:200], "host": host},
        )
