# policy: strict
# inputs: {"people": [["Ada", 36], ["Alan", 41]]}
# expect: [{"age":36,"name":"Ada","tags":["youngest"]},{"age":41,"name":"Alan","tags":[]}]
from dataclasses import dataclass, asdict, field

@dataclass(order=True)
class Person:
    age: int
    name: str = field(compare=False)
    tags: list = field(default_factory=list, compare=False)

def main(inputs):
    people = sorted(Person(age, name) for name, age in inputs["people"])
    people[0].tags.append("youngest")
    return [asdict(p) for p in people]
