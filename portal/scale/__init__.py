"""A network of national size, generated for `manage.py generate_scale_data` and `make bench`.

Like portal.demo, the pieces are split by section (community, knowledge; projects come from
projects.bulk); unlike it, everything is written in bulk (network.bulk), a chunk at a time, drawn
by weight (network.sampling), with texts from word lists (words.py). The same seed gives the same
data.
"""
