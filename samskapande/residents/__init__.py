"""The residents' pages, on the top floor: the start page, the round page, My page.

These pages show what nearly every other package holds (needs, votes, meetings,
responses, e-mail consent), so they live above all of them: nothing imports this package
except `create_app`, which registers its blueprints.
"""
