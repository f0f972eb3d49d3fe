Feature: Quotes from request to order, in the sales reps' words
  A customer asks for a quote; I review it, price it line by line and send it with a valid-until date. While it is with
  me only I can change it; once sent it is the customer's to accept, decline or send back. A price below my margin floor
  needs my manager's approval first. An accepted quote becomes an order at the quoted prices, once, and an expired one
  cannot be ordered.

  Scenario Outline: Who may act on a quote in which state
    Given a quote of Acme that is "<state>"
    When the <actor> tries to <action> the quote
    Then the quote is "<outcome>"

    Examples:
      | state                   | actor         | action                       | outcome                 |
      | Submitted               | sales rep     | start review                 | InReview                |
      | InReview                | sales rep     | send                         | Sent                    |
      | InReview                | sales rep     | submit for internal approval | PendingInternalApproval |
      | PendingInternalApproval | administrator | approve                      | Approved                |
      | Approved                | sales rep     | send                         | Sent                    |
      | Sent                    | buyer         | request a revision           | RevisionRequested       |
      | RevisionRequested       | sales rep     | start review                 | InReview                |
      | Sent                    | buyer         | decline                      | Declined                |
      | Sent                    | buyer         | accept                       | Ordered                 |

  Scenario Outline: Whoever does not hold the quote is refused and nothing changes
    Given a quote of Acme that is "<state>"
    When the <actor> tries to <action> the quote
    Then that is refused with "<message>"
    And the quote is "<state>"

    Examples:
      | state                   | actor                    | action            | message                             |
      | Submitted               | buyer                    | cancel            | You may not cancel quote            |
      | Sent                    | sales rep                | send              | is sent: "send" is not possible     |
      | PendingInternalApproval | sales rep                | approve           | You may not approve quote           |
      | Sent                    | accountant               | accept            | You may not accept quote            |
      | Sent                    | buyer of another company | accept            | not found                           |

  Scenario: The offer holds to the last second of valid-until
    Given a quote of Acme sent valid until 2026-11-30
    When the buyer accepts it at 2026-11-30 23:59:59
    Then the quote is "Ordered"

  Scenario: One second after valid-until the quote cannot be ordered, and says so
    Given a quote of Acme sent valid until 2026-11-30
    When the buyer accepts it at 2026-12-01 00:00:00
    Then that is refused with "expired at 2026-11-30 23:59 UTC and cannot be ordered"
    And the quote is "Sent"

  Scenario: A price below my margin floor needs approval before I may send it
    Given my margin floor is 20 %
    And a quote of Acme for hammers costing EUR 15 that I price at EUR 17
    When the sales rep tries to send the quote
    Then that is refused with "HAMMER-500 (margin 11.76 % < floor 20 %)"

  Scenario: An accepted quote becomes one order at the quoted price, whatever the price list says now
    Given a quote of Acme sent valid until 2026-12-31
    And the hammer's list price rises to EUR 25
    When the buyer accepts it twice
    Then there is one order, with hammers at EUR 17.50 and the price source naming the quote

  Scenario: When I allow it, the customer orders only the lines they want, once
    Given a quote of Acme for hammers and bolts that I send allowing partial acceptance
    When the buyer accepts only the bolts twice
    Then there is one order, with only the bolts at EUR 0.40
    And the quote is "Ordered"

  Scenario: Without my permission the customer accepts the whole quote or nothing
    Given a quote of Acme for hammers and bolts that I send as a whole
    When the buyer accepts only the bolts
    Then that is refused with "is offered as a whole"
    And the quote is "Sent"
