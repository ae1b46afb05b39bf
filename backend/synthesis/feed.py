"""The Atom feed of a community's published syntheses (RFC 4287), links absolute from SITE_URL."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from flask import current_app

from backend.mail.compose import absolute_links
from backend.models import Synthesis, Tag
from backend.synthesis.naming import heading, page_path

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 20


def atom(tag: Tag, syntheses: list[Synthesis]) -> bytes:
    site = str(current_app.config["SITE_URL"])
    page = f"{site}/tags/{tag.name}/syntheses"
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    published = [s for s in syntheses if s.published_at is not None][:ENTRIES]
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{tag.name}: the weekly synthesis"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = page
    ET.SubElement(feed, f"{{{ATOM}}}link", href=page, rel="alternate", type="text/html")
    ET.SubElement(feed, f"{{{ATOM}}}link", href=f"{site}/api/v1/tags/{tag.name}/syntheses/feed", rel="self")
    latest = max((s.updated_at for s in published), default=tag.created_at)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = latest.isoformat()
    for synthesis in published:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        url = site + page_path(tag.name, synthesis.week)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = heading(tag.name, synthesis.week)
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        ET.SubElement(entry, f"{{{ATOM}}}link", href=url, rel="alternate", type="text/html")
        assert synthesis.published_at is not None
        ET.SubElement(entry, f"{{{ATOM}}}published").text = synthesis.published_at.isoformat()
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = synthesis.updated_at.isoformat()
        ET.SubElement(entry, f"{{{ATOM}}}author").append(_name(f"The {tag.name} community"))
        content = ET.SubElement(entry, f"{{{ATOM}}}content", type="html")
        content.text = absolute_links(synthesis.html)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


def _name(text: str) -> ET.Element:
    element = ET.Element(f"{{{ATOM}}}name")
    element.text = text
    return element
