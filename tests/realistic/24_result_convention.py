# policy: strict
# inputs: {"words": ["pear", "fig", "apple"]}
# expect: {"longest":"apple","sorted":["apple","fig","pear"],"joined":"pear-fig-apple"}
words = inputs["words"]
result = {"longest": max(words, key=len), "sorted": sorted(words), "joined": "-".join(words)}
