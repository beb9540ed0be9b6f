"""The dashboard's other promises, in the browser: the session survives a reload (refresh
cookie, unreadable by scripts) and ends on sign out; sign-up errors where they happen; a compile
error on its line; another user's project is "not found"; hostile text stays text; a phone-width
page with keyboard sign-in; and a parked deployment continued from the page."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.conftest import Ui, UiFactory
from tests.browser.test_journey import DONE, STACKS, generate, tab
from tests.e2e.conftest import Faults, in_process_worker
from tests.support import BROKEN_SPEC, PASSWORD, SHOP_SPEC, Proc, Stack, make_user


async def new_project(ui: Ui, name: str, template: str | None = None) -> None:
    page = ui.page
    await page.get_by_label("Name", exact=True).fill(name)
    if template:
        await page.get_by_label("Start from").select_option(template)
    await page.get_by_role("button", name="Create project").click()
    await expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()


async def test_session_survives_a_reload_and_tokens_stay_out_of_reach(ui: Ui) -> None:
    page = ui.page
    refreshes: list[str] = []
    page.on("request", lambda r: refreshes.append(r.url) if "/auth/refresh" in r.url else None)
    await ui.open("#/signin")  # no session: no refresh is sent (it could only answer 401)
    await ui.open("#/projects")
    await expect(page.get_by_role("heading", name="Sign in to Slipway")).to_be_visible()
    assert refreshes == []
    await ui.sign_up()
    assert await page.evaluate("() => document.cookie") == "slipway_session=1"  # a hint only
    stored = await page.evaluate(
        "() => [document.cookie, JSON.stringify(localStorage), JSON.stringify(sessionStorage)]"
    )
    assert "slipway_refresh" not in stored[0] and stored[1:] == ["{}", "{}"]
    cookies = await page.context.cookies()
    (refresh,) = [c for c in cookies if c["name"] == "slipway_refresh"]
    assert refresh["httpOnly"] and refresh["secure"] and refresh["sameSite"] == "Strict"
    assert refresh["path"] == "/auth"
    await page.reload()
    await expect(page.get_by_role("heading", name="Projects", level=1)).to_be_visible()
    await page.get_by_role("button", name="Sign out").click()
    await expect(page.get_by_role("heading", name="Sign in to Slipway")).to_be_visible()
    assert await page.evaluate("() => document.cookie") == ""
    await page.reload()
    await expect(page.get_by_role("heading", name="Sign in to Slipway")).to_be_visible()
    assert len(refreshes) == 1  # the one reload while signed in


async def test_sign_up_errors_are_shown_in_the_form(ui: Ui, stack: Stack) -> None:
    page = ui.page
    taken = await make_user(stack)
    await taken.aclose()
    ui.expect(422, "/auth/signup")
    ui.expect(409, "/auth/signup")
    await ui.open("#/signup")
    await page.get_by_label("Email").fill(ui.email)
    await page.get_by_label("Password").fill("short")
    await page.get_by_role("button", name="Create account").click()
    # the API's field error in words, next to its field (not "body.password: String should…")
    password = page.get_by_label("Password")
    error = page.get_by_role("alert")
    await expect(error).to_have_text("Password must be at least 10 characters")
    await expect(error).not_to_contain_text("body.password")
    await expect(password).to_have_attribute("aria-invalid", "true")
    await expect(password).to_be_focused()
    await expect(page.locator(".field", has=password).get_by_role("alert")).to_have_count(1)
    await ui.shot("signup-weak-password")
    await page.get_by_label("Email").fill("not-an-email")
    await password.fill(PASSWORD)
    await page.get_by_role("button", name="Create account").click()
    await expect(error).to_have_text("Enter a valid email address, such as name@example.com")
    await expect(password).not_to_have_attribute("aria-invalid", "true")
    await page.get_by_label("Email").fill(taken.email)
    await page.get_by_role("button", name="Create account").click()
    await expect(error).to_contain_text("already exists")
    email = page.get_by_label("Email")
    await expect(email).to_have_attribute("aria-invalid", "true")
    await expect(page.locator(".field", has=email).get_by_role("alert")).to_have_count(1)


async def test_a_compile_error_is_shown_on_its_line(ui: Ui) -> None:
    page = ui.page
    await ui.sign_up()
    await new_project(ui, "Broken")
    await expect(page.get_by_text("No spec applied yet.")).to_be_visible()
    ui.expect(422, r"/projects/[^/]+/spec/apply")
    editor = page.get_by_label("Spec (Markdown)")
    await editor.fill(BROKEN_SPEC)  # line 6: "- title: strng"
    await page.get_by_role("button", name="Apply as new version").click()
    item = page.locator(".compile-error[data-line='6']")
    await expect(item).to_contain_text("Line 6: unknown type 'strng' for field 'title'")
    await expect(item).to_contain_text("Hint: use one of string")
    marker = page.locator(".ln-error[data-line='6']")
    await expect(marker).to_have_text("! 6")
    await expect(page.locator(".ln-error")).to_have_count(1)
    band = await page.locator(".band[data-line='6']").bounding_box()
    line = await marker.bounding_box()
    assert band and line and abs(band["y"] - line["y"]) < 2, (band, line)
    await expect(editor).to_have_attribute("aria-invalid", "")
    await ui.shot("compile-error", docs=True)
    await item.get_by_role("button", name="Go to line 6").click()
    selected = await editor.evaluate("t => t.value.slice(t.selectionStart, t.selectionEnd)")
    assert selected == "- title: strng"


async def test_a_failed_apply_scrolls_the_first_error_into_view(ui: Ui) -> None:
    page = ui.page
    await ui.sign_up()
    await new_project(ui, "Long and broken")
    await expect(page.get_by_text("No spec applied yet.")).to_be_visible()
    ui.expect(422, r"/projects/[^/]+/spec/apply")
    editor = page.get_by_label("Spec (Markdown)")
    filler = "".join(f"\n### Thing{chr(65 + n)}\n- label: string\n" for n in range(26))
    await editor.fill(BROKEN_SPEC + filler)  # line 6 is wrong; about 80 lines follow it
    await editor.press("Control+End")  # the editor scrolled to its end, as after typing there
    assert await editor.evaluate("t => t.scrollTop") > 0
    await page.get_by_role("button", name="Apply as new version").click()
    marker = page.locator(".ln-error[data-line='6']")
    await expect(marker).to_have_text("! 6")
    # no "Go to line 6" click: the marked line is inside the editor's visible box by itself
    box = await page.locator(".editor").bounding_box()
    line = await marker.bounding_box()
    assert box and line, (box, line)
    assert box["y"] <= line["y"] and line["y"] + line["height"] <= box["y"] + box["height"], (
        box,
        line,
    )
    assert line["y"] >= 0 and line["y"] + line["height"] <= page.viewport_size["height"]  # type: ignore[index]
    await expect(editor).to_be_focused()
    caret = await editor.evaluate("t => t.value.slice(0, t.selectionStart).split('\\n').length")
    assert caret == 6


async def test_older_chat_messages_load_on_request(ui: Ui, stack: Stack) -> None:
    page = ui.page
    owner = await make_user(stack)
    try:
        r = await owner.post("/projects", json={"name": "Talkative"})
        pid = r.json()["data"]["id"]
        for n in range(25):  # more than one page of history (20)
            r = await owner.post(
                f"/projects/{pid}/spec/chat/message",
                json={"role": "assistant", "content": f"Note {n:02d}"},
            )
            assert r.status_code == 201, r.text
    finally:
        await owner.aclose()
    await ui.open("#/signin")
    await page.get_by_label("Email").fill(owner.email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await page.locator(".project-link", has_text="Talkative").click()
    texts = page.locator(".chat-log .msg-text")
    await expect(texts).to_have_count(20)
    await expect(texts.first).to_have_text("Note 05")
    await expect(texts.last).to_have_text("Note 24")
    older = page.get_by_role("button", name="Load older messages")
    await older.click()
    await expect(texts).to_have_count(25)
    await expect(texts.first).to_have_text("Note 00")
    await expect(texts.nth(5)).to_have_text("Note 05")
    await expect(older).to_be_hidden()  # the first message is shown: nothing older
    await expect(page.get_by_role("list", name="Conversation")).to_be_focused()


# an entity's name is its box's widest label (13 px bold sans: "MWMW…" is far wider than its
# character count suggests); long snake_case fields in monospace
WIDE_SPEC = """# Warehouse

## Entities

### WarehouseWorkflowWindow
- wide_workflow_window_identifier: string, required, unique
- maximum_item_count: integer
- parent_item_identifier_for_workflow: string
- parent_window_reference: ref WarehouseWorkflowWindow

### MWMWMWMWMWMWMWMWMW
- window: ref WarehouseWorkflowWindow, required
- note: string
"""

BOX_FITS = """
g => {
  const box = g.querySelector('rect.er-box').getBBox();
  return [...g.querySelectorAll('text')].map(t => {
    const b = t.getBBox();
    return { text: t.textContent, left: b.x - box.x, right: box.x + box.width - (b.x + b.width) };
  });
}
"""


async def test_er_diagram_boxes_fit_their_labels(ui: Ui) -> None:
    page = ui.page
    await ui.sign_up()
    await new_project(ui, "Wide names")
    await expect(page.get_by_text("No spec applied yet.")).to_be_visible()
    await page.get_by_label("Spec (Markdown)").fill(WIDE_SPEC)
    await page.get_by_role("button", name="Apply as new version").click()
    await expect(page.get_by_text("Spec saved as version 1").first).to_be_visible()
    await generate(page)
    entities = page.locator("svg.er g.er-entity")
    await expect(entities).to_have_count(2)
    for n in range(2):
        labels = await entities.nth(n).evaluate(BOX_FITS)
        assert labels
        for label in labels:  # no label is cut by its box: a margin on both sides
            assert label["left"] >= 4 and label["right"] >= 4, label
    # the relationship labels (a long self-reference's too) are drawn clear of every box
    covered = await page.locator("svg.er").evaluate(
        """svg => {
          const boxes = [...svg.querySelectorAll('rect.er-box')].map(r => r.getBBox());
          return [...svg.querySelectorAll('.er-label')].filter(t => {
            const l = t.getBBox();
            return boxes.some(b => l.x < b.x + b.width && b.x < l.x + l.width
              && l.y < b.y + b.height && b.y < l.y + l.height);
          }).map(t => t.textContent);
        }"""
    )
    assert covered == [], f"labels under a box: {covered}"
    await ui.shot("er-wide-names")


async def test_another_users_project_is_not_found(ui: Ui, stack: Stack) -> None:
    owner = await make_user(stack)
    try:
        r = await owner.post("/projects", json={"name": "Private"})
        pid = r.json()["data"]["id"]
    finally:
        await owner.aclose()
    await ui.sign_up()
    ui.expect(404, f"/projects/{pid}")
    await ui.open(f"#/projects/{pid}/spec")
    await expect(ui.page.get_by_role("heading", name="Project not found")).to_be_visible()
    await expect(ui.page.get_by_text("Private")).to_have_count(0)
    await ui.shot("not-found")


async def test_hostile_text_stays_text(ui: Ui) -> None:
    page = ui.page
    hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    await ui.sign_up()
    await new_project(ui, hostile[:100])
    await page.get_by_label("Message to the assistant").fill(hostile)
    await page.get_by_role("button", name="Send").click()
    await expect(page.locator(".msg-user .msg-text").last).to_have_text(hostile)
    await page.get_by_role("link", name="Projects", exact=True).first.click()
    await expect(page.locator(".project-link").first).to_have_text(hostile[:100])
    assert await page.evaluate("() => window.pwned === undefined")
    assert await page.locator("main img, main script").count() == 0


async def test_phone_width_and_keyboard_sign_in(ui_factory: UiFactory, stack: Stack) -> None:
    ui: Ui = await ui_factory(width=390, height=844)
    page = ui.page
    user = await make_user(stack)
    await user.aclose()
    await ui.open("#/signin")
    await expect(page.get_by_label("Email")).to_be_focused()
    await page.keyboard.type(user.email)
    await page.keyboard.press("Tab")
    await expect(page.get_by_label("Password")).to_be_focused()
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", name="Projects", level=1)).to_be_visible()
    await expect(page.get_by_text("No projects yet")).to_be_visible()
    await new_project(ui, "Pocket", "blog")
    for name in ("Spec & chat", "Blueprint", "Deployments"):
        await tab(page, name)
        width = await page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
        assert width[0] <= width[1], f"{name} overflows a phone screen: {width}"
    await tab(page, "Spec & chat")
    await ui.shot("phone-spec", docs=True)
    focused = await page.evaluate(
        "() => { document.querySelector('#chat-message').focus(); "
        "return getComputedStyle(document.activeElement).outlineStyle; }"
    )
    assert focused != "none"


NO_OVERFLOW = "() => [document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]"
IN_VIEW = """
el => {
  const r = el.getBoundingClientRect();
  const row = el.parentElement.getBoundingClientRect();
  return r.width > 0 && r.left >= row.left - 1 && r.right <= row.right + 1 && r.right <= innerWidth;
}
"""


async def test_every_page_fits_a_phone(ui_factory: UiFactory) -> None:
    ui: Ui = await ui_factory(width=390, height=844)
    page = ui.page
    await ui.sign_up()
    await new_project(ui, "Pocket shop", "blog")
    await page.get_by_label("Message to the assistant").fill("Posts need a subtitle")
    await page.get_by_role("button", name="Send").click()
    await expect(page.locator(".msg-assistant")).to_have_count(1)
    # the spec editor wraps long lines at this width: no sideways scrolling to read a line
    editor = page.get_by_label("Spec (Markdown)")
    await editor.fill("# Pocket\n\n" + "A long line of prose about the shop. " * 8 + "\n")
    sizes = await editor.evaluate("t => [t.scrollWidth, t.clientWidth]")
    assert sizes[0] <= sizes[1], f"the editor scrolls sideways: {sizes}"
    wrapped = await page.locator(".ln[data-line='3']").bounding_box()
    after = await page.locator(".ln[data-line='4']").bounding_box()
    assert wrapped and after and after["y"] - wrapped["y"] >= 3 * 20, (wrapped, after)  # its rows
    tabs = page.get_by_role("navigation", name="Project sections").get_by_role("link")
    names = await tabs.all_inner_texts()
    assert names == ["Spec & chat", "Blueprint", "Validation", "Deployments", "Artifacts"]
    for name in names:  # every tab in sight at once, none cut off at the screen's edge
        assert await tabs.filter(has_text=name).evaluate(IN_VIEW), f"the {name} tab is cut off"
    for name in names:
        await tab(page, name)
        width = await page.evaluate(NO_OVERFLOW)
        assert max(width[:2]) <= width[2], f"{name} overflows a phone screen: {width}"
        await ui.shot(f"phone-{name.split()[0].lower()}")
    await page.get_by_role("link", name="Usage").click()
    table = page.locator(".usage-recent table")
    await expect(table).to_be_visible()
    width = await page.evaluate(NO_OVERFLOW)
    assert max(width[:2]) <= width[2], f"Usage overflows a phone screen: {width}"
    # the table scrolls inside its own box: its last column can be scrolled to
    wrap = page.locator(".usage-recent .table-wrap")
    assert await wrap.evaluate("w => getComputedStyle(w).overflowX") in ("auto", "scroll")
    cost = table.get_by_role("columnheader", name="Project")
    await cost.scroll_into_view_if_needed()
    box = await cost.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    await ui.shot("phone-usage")


@pytest.mark.slow
async def test_a_parked_deployment_is_continued_from_the_page(ui: Ui, stack: Stack) -> None:
    page = ui.page
    faults = Faults()
    try:
        async with in_process_worker(stack, [faults]):
            await ui.sign_up()
            await new_project(ui, "Parked")
            await expect(page.get_by_text("No spec applied yet.")).to_be_visible()
            await page.get_by_label("Spec (Markdown)").fill(SHOP_SPEC)
            await page.get_by_role("button", name="Apply as new version").click()
            await expect(page.get_by_text("Spec saved as version 1").first).to_be_visible()
            await generate(page)
            await tab(page, "Deployments")
            faults.fail_stacks = {"compute"}
            await page.get_by_role("button", name="Deploy", exact=True).click()
            live = page.locator(".live .deployment")
            await expect(live).to_have_attribute("data-status", "parked", timeout=120_000)
            panel = page.locator(".decision-panel")
            await expect(panel.get_by_role("heading")).to_contain_text("waits for your decision")
            await expect(panel).to_contain_text("Injected failure")
            await expect(live.locator(".stack[data-stack='compute']")).to_have_attribute(
                "data-status", "failed"
            )
            await ui.shot("parked-deployment", docs=True)
            faults.fail_stacks = set()
            faults.hold_after = {"stackops.deploy_stack": 2.0}  # the continued run is seen
            await panel.get_by_role("button", name="Continue deployment").click()
            await expect(live).to_have_attribute("data-status", "running", timeout=60_000)
            await expect(page.locator(".decision-panel")).to_have_count(0)  # decided: gone
            faults.hold_after = {}
            await expect(live).to_have_attribute("data-status", "completed", timeout=120_000)
            await expect(page.locator(DONE)).to_have_count(STACKS)
            await expect(page.locator(".decision-panel")).to_have_count(0)
    finally:
        faults.close()


@pytest.fixture(autouse=True)
def _workers(request: pytest.FixtureRequest, stack: Stack) -> Proc | None:
    """Every test but the parked one talks to the subprocess worker."""
    if request.node.name.startswith("test_a_parked"):
        return None
    return stack.ensure_worker()


async def test_projects_page_rename_and_archive(ui: Ui, stack: Stack) -> None:
    page = ui.page
    owner = await make_user(stack)
    try:
        for n in range(11):
            r = await owner.post("/projects", json={"name": f"Project {n:02d}"})
            assert r.status_code == 201, r.text
    finally:
        await owner.aclose()
    await ui.open("#/signin")
    await page.get_by_label("Email").fill(owner.email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.locator(".project-link")).to_have_count(10)
    await expect(page.locator(".project-link").first).to_have_text("Project 10")
    await page.get_by_role("button", name="Older").click()
    await expect(page.locator(".project-link")).to_have_count(1)
    await expect(page.locator(".project-link")).to_have_text("Project 00")
    await expect(page.get_by_role("button", name="Older")).to_be_disabled()
    await page.locator(".project-link").click()
    await page.get_by_role("button", name="Rename").click()
    await page.get_by_label("New name").fill("Renamed")
    await page.get_by_role("button", name="Save name").click()
    await expect(page.get_by_role("heading", name="Renamed", level=1)).to_be_visible()
    project_url = page.url
    page.once("dialog", lambda dialog: dialog.accept())
    await page.get_by_role("button", name="Archive").click()
    await expect(page.get_by_role("heading", name="Projects", level=1)).to_be_visible()
    await page.get_by_role("button", name="Older").click()  # the oldest project, on page 2
    await expect(page.locator(".project-card", has_text="Renamed")).to_contain_text("archived")
    await page.goto(project_url)
    await expect(page.get_by_text("This project is archived")).to_be_visible()
    await expect(page.get_by_label("Spec (Markdown)")).to_have_attribute("readonly", "")
    await expect(page.get_by_role("button", name="Apply as new version")).to_have_count(0)
    await expect(page.get_by_role("button", name="Archive")).to_have_count(0)
    await ui.shot("archived-read-only")
