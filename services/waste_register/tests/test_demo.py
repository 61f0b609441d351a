"""The demo register's households: the same every time, on their streets' routes."""

from services.waste_register.demo import STREET_ROUTES, demo_households, street_of


def test_the_demo_is_the_same_every_time():
    assert demo_households() == demo_households()
    assert demo_households(seed=1) != demo_households()


def test_every_demo_household_is_on_a_route():
    assert all(street_of(h.street_address) in STREET_ROUTES for h in demo_households())
