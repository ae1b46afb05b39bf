"""Synthesizers of a community, its weekly syntheses, and their Atom feed."""

from __future__ import annotations

from flask import Response
from flask_login import login_required

from backend.arguments import Blueprint
from backend.extensions import db
from backend.models import Synthesis
from backend.presented import Presented
from backend.synthesis import feed, services
from backend.synthesis.schemas import (
    SynthesisEditSchema,
    SynthesisListSchema,
    SynthesisSchema,
    SynthesizerListSchema,
)
from backend.tags.services import get_tag
from backend.viewer import member, viewer

blp = Blueprint("synthesis", __name__, url_prefix="/api/v1", description="The weekly synthesis")


def _shown(synthesis: Synthesis, tag_name: str) -> Presented:
    return Presented(synthesis, tag_name=tag_name)


@blp.route("/tags/<path:name>/synthesizers", methods=["GET"])
@blp.response(200, SynthesizerListSchema)
def list_synthesizers(name: str) -> dict:
    """Who writes this community's weekly synthesis."""
    return {"items": services.synthesizers(get_tag(name))}


@blp.route("/tags/<path:name>/synthesizers/<int:user_id>", methods=["PUT"])
@login_required
@blp.response(200, SynthesizerListSchema)
def appoint(name: str, user_id: int) -> dict:
    """Appoint a member as a synthesizer of this community (moderators)."""
    tag = services.appoint(member(), name, user_id)
    db.session.commit()
    return {"items": services.synthesizers(tag)}


@blp.route("/tags/<path:name>/synthesizers/<int:user_id>", methods=["DELETE"])
@login_required
@blp.response(200, SynthesizerListSchema)
def remove(name: str, user_id: int) -> dict:
    """Remove a synthesizer of this community (moderators)."""
    tag = services.remove(member(), name, user_id)
    db.session.commit()
    return {"items": services.synthesizers(tag)}


@blp.route("/tags/<path:name>/syntheses", methods=["GET"])
@blp.response(200, SynthesisListSchema)
def list_syntheses(name: str) -> dict:
    """The community's syntheses, newest week first; drafts only for its synthesizers and
    moderators."""
    tag, rows = services.syntheses_of(name, viewer())
    return {"items": [_shown(row, tag.name) for row in rows]}


@blp.route("/tags/<path:name>/syntheses/feed", methods=["GET"])
@blp.response(200, content_type="application/atom+xml")
def syntheses_feed(name: str) -> Response:
    """The published syntheses as an Atom feed."""
    tag, rows = services.syntheses_of(name, None)
    return Response(feed.atom(tag, rows), mimetype="application/atom+xml")


@blp.route("/syntheses/<int:synthesis_id>", methods=["GET"])
@blp.response(200, SynthesisSchema)
def get_synthesis(synthesis_id: int) -> Presented:
    """One synthesis (a draft only for its community's synthesizers and moderators)."""
    synthesis = services.get_synthesis(synthesis_id, viewer())
    return _shown(synthesis, services.tag_name(synthesis))


@blp.route("/syntheses/<int:synthesis_id>", methods=["PATCH"])
@login_required
@blp.arguments(SynthesisEditSchema)
@blp.response(200, SynthesisSchema)
def edit(data: dict, synthesis_id: int) -> Presented:
    """Edit the Markdown (the community's synthesizers and moderators); editing a published
    synthesis keeps the version before as a revision."""
    synthesis = services.edit(synthesis_id, data["body"], member())
    db.session.commit()
    return _shown(synthesis, services.tag_name(synthesis))


@blp.route("/syntheses/<int:synthesis_id>/publish", methods=["POST"])
@login_required
@blp.response(200, SynthesisSchema)
def publish(synthesis_id: int) -> Presented:
    """Publish: the community's followers are told. Publishing again changes nothing."""
    synthesis = services.publish(synthesis_id, member())
    db.session.commit()
    return _shown(synthesis, services.tag_name(synthesis))
