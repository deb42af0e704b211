"""npm-faq.md as a help centre's saved page: each question a Bootstrap accordion button over its hidden answer, the
FAQ also declared as JSON-LD (FAQPage), site chrome around it. Usage: convert.py NPM_FAQ_MD ACCORDION_HTML SCRIPTED_HTML
(the second page keeps the head and chrome, but its body's FAQ is left for a script to draw: only the JSON-LD has it).
"""
import json, sys
from pathlib import Path
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

source = Path(sys.argv[1]).read_text()
html = MarkdownIt("commonmark").enable("table").render(source)
soup = BeautifulSoup(f"<div id='faq'>{html}</div>", "html.parser")
root = soup.find(id="faq")
title = root.find("h1").get_text()
root.find("h1").decompose()
items, current, n = [], None, 0
for node in list(root.children):
    if getattr(node, "name", None) == "h2":
        current = [node.get_text(), []]
        items.append(current)
    elif current is not None:
        current[1].append(node)
    elif getattr(node, "name", None):
        items.append([None, [node]])
body, entities = [], []
for question, parts in items:
    answer = "".join(str(p) for p in parts).strip()
    if question is None:
        body.append(answer)
        continue
    n += 1
    body.append(f'''<div class="accordion-item">
  <h2 class="accordion-header" id="h{n}"><button class="accordion-button collapsed" type="button" data-bs-toggle="collapse"
      data-bs-target="#c{n}" aria-expanded="false" aria-controls="c{n}">{question}</button></h2>
  <div id="c{n}" class="accordion-collapse collapse" aria-labelledby="h{n}" data-bs-parent="#faq" hidden>
    <div class="accordion-body">{answer}</div></div></div>''')
    entities.append({"@type": "Question", "name": question, "acceptedAnswer": {"@type": "Answer", "text": answer}})
ld = json.dumps({"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities})
page = f'''<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | Help Centre</title>
<script type="application/ld+json">{ld}</script></head><body>
<header class="site-header"><a href="/">npm Help Centre</a><button class="navbar-toggler" aria-expanded="false" aria-controls="mainnav">Menu</button>
<nav id="mainnav"><ul><li><a href="/docs">Docs</a></li><li><a href="/support">Support</a></li></ul></nav></header>
<div class="cookie-banner" hidden><p>We use cookies to improve your experience.</p><button>Accept</button></div>
<main><h1>{title}</h1><div class="accordion" id="faq">
{chr(10).join(body)}
</div></main>
<footer><p>© npm, Inc. All rights reserved.</p></footer></body></html>'''
Path(sys.argv[2]).write_text(page)
start, end = page.index("<main>"), page.index("</main>") + len("</main>")
scripted = '<main><div id="root"><noscript>This help centre needs JavaScript.</noscript></div></main>'
Path(sys.argv[3]).write_text(page[:start] + scripted + page[end:])
print(n, "questions")
