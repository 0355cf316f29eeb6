# policy: strict
# inputs: {"seed": 42}
# expect: {"deck":[7,3,2,8,5,6,9,4,0,1],"pick":"e","n":55}
import random

def main(inputs):
    rng = random.Random(inputs["seed"])
    deck = list(range(10))
    rng.shuffle(deck)
    return {"deck": deck, "pick": rng.choice("abcdef"), "n": rng.randint(1, 100)}
