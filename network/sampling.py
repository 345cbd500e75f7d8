"""Random draws by weight, for generated data (projects.bulk, portal.scale)."""

import math
from itertools import accumulate


class Weighted:
    """Draws from a population by weight; the cumulative weights are summed once, not per draw."""

    def __init__(self, population, weights=None):
        self.population = list(population)
        weights = [1] * len(self.population) if weights is None else weights
        self.cumulative = list(accumulate(weights))

    def draw(self, rng, count):
        """`count` draws with replacement."""
        if count <= 0 or not self.population:
            return []
        return rng.choices(self.population, cum_weights=self.cumulative, k=count)

    def distinct(self, rng, count):
        """Up to `count` different items (repeated draws fall together)."""
        return list(dict.fromkeys(self.draw(rng, count)))


def population_weights(organisations):
    """Bigger towns run more projects and have more members, though not in proportion."""
    return [math.sqrt(organisation.population or 5000) for organisation in organisations]


def long_tail_weights(count):
    """Zipf-like weights by rank: the first few are everywhere, most are rare."""
    return [1 / (rank**1.1) for rank in range(1, count + 1)]
