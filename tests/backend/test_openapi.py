import re


def test_the_openapi_document_describes_every_endpoint(app, anon):
    response = anon.get("/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    documented = {(path, method.upper()) for path, ops in spec["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint.startswith(("api-docs.", "docs.")):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method) in documented
    assert "QuestionCreate" in spec["components"]["schemas"]


def test_the_docs_page_is_browsable_offline(anon):
    response = anon.get("/docs")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "/api/v1/questions/{question_id}/answers" in html
    assert "<script" not in html


def test_the_openapi_document_describes_privileges_and_held_posts(anon):
    schemas = anon.get("/openapi.json").get_json()["components"]["schemas"]
    assert "privileges" in schemas["CurrentUser"]["properties"]
    privileges = schemas["Privileges"]["properties"]
    assert set(privileges) == {"downvote", "flag", "label", "edit_others"}
    assert "LABEL_MIN_REPUTATION" in privileges["label"]["description"]
    for name in ("QuestionSummary", "Question", "Answer", "Comment"):
        assert "approval" in schemas[name]["properties"]["held"]["description"]
