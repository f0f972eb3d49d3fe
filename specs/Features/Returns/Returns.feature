Feature: Returning delivered goods, in the buyer's and the warehouse's words
  As a buyer I may send back goods that were delivered to us: per order line at most what was delivered and not yet
  returned, with a reason and, if I like, up to 5 photos (JPEG, PNG or WebP, up to 5 MB each). Our sales rep approves or
  rejects the request and I am told by e-mail either way. When the warehouse has the goods back it marks the return
  received, and a credit memo goes to the ERP once, however often the export runs. When our accounts team posts it, the
  return is credited, I am told, and the credit shows on my statement.

  Scenario: I may return up to what was delivered and not yet returned
    Given our delivered order of 24 "BOLT-M8" and 2 "HAMMER-500"
    And I have already asked to return 1 "HAMMER-500"
    When I ask to return 2 "HAMMER-500"
    Then the return is refused with "HAMMER-500: at most 1 "
    When I ask to return 1 "HAMMER-500"
    Then my return is "Requested"

  Scenario: A rejected return gives the goods back to return again
    Given our delivered order of 24 "BOLT-M8" and 2 "HAMMER-500"
    And I have already asked to return 2 "HAMMER-500"
    When the sales rep rejects it because "Please contact us first"
    Then my return is "Rejected"
    And I am e-mailed "was not accepted"
    When I ask to return 2 "HAMMER-500"
    Then my return is "Requested"

  Scenario Outline: Photos that are refused
    Given our delivered order of 24 "BOLT-M8" and 2 "HAMMER-500"
    When I ask to return 1 "HAMMER-500" with <photos>
    Then the return is refused with "<message>"

    Examples:
      | photos                   | message                             |
      | 6 photos                 | At most 5 photos per return         |
      | a 6 MB photo             | a photo may be up to 5 MB           |
      | a photo that is a PDF    | is not a JPEG, PNG or WebP image    |

  Scenario: The sales rep approves, the warehouse receives, the ERP credits
    Given our delivered order of 24 "BOLT-M8" and 2 "HAMMER-500"
    And I have already asked to return 1 "HAMMER-500"
    When the sales rep approves it
    Then my return is "Approved"
    And I am e-mailed "is approved"
    And nothing has gone to the ERP
    When the warehouse marks the goods received
    And the ERP will create credit memo "1009" for it
    And the export runs
    And the export runs
    Then the ERP has received 1 credit memo for my return
    And my return is "Received"
    When the ERP's accounts team posts it as credit memo "PS-CM103001" of EUR 23.68
    And the credit memo sync runs
    Then my return is "Credited" with credit memo "PS-CM103001"
    And I am e-mailed "is credited"
    And my statement shows credit memo "PS-CM103001" taking EUR 23.68 off what we owe

  Scenario: The warehouse cannot receive goods that were never approved
    Given our delivered order of 24 "BOLT-M8" and 2 "HAMMER-500"
    And I have already asked to return 1 "HAMMER-500"
    When the warehouse marks the goods received
    Then the return is refused with "\"mark received\" is not possible"
    And my return is "Requested"
