import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthProvince } from './synth';

describe('GraphQL HTTP API', () => {
  const { root } = synthProvince('06');

  it('routes GET and POST /graphql to the GraphQL function behind the JWT authorizer', () => {
    const authorizers = root.findResources('AWS::ApiGatewayV2::Authorizer');
    expect(Object.keys(authorizers)).toHaveLength(1);
    const [authorizerId] = Object.keys(authorizers);
    for (const method of ['GET', 'POST']) {
      root.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${method} /graphql`,
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerId },
      });
    }
    // Nothing else is reachable: no $default route, no unauthenticated route.
    root.resourceCountIs('AWS::ApiGatewayV2::Route', 2);
  });

  it('trusts the stack’s Cognito user pool and app client by default', () => {
    root.resourceCountIs('AWS::Cognito::UserPool', 1);
    root.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const [poolId] = Object.keys(root.findResources('AWS::Cognito::UserPool'));
    const [clientId] = Object.keys(root.findResources('AWS::Cognito::UserPoolClient'));
    root.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: clientId }],
        Issuer: {
          'Fn::Join': ['', Match.arrayWith(['https://cognito-idp.', '.amazonaws.com/', { Ref: poolId }])],
        },
      },
    });
    root.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it('uses the configured issuer and audience instead, without a user pool', () => {
    const { root: custom } = synthProvince('06', {
      jwtIssuer: 'https://sso.backan.gov.vn/realms/lienthong',
      jwtAudience: 'lienthong-web, lienthong-mobile',
    });
    custom.resourceCountIs('AWS::Cognito::UserPool', 0);
    custom.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: {
        Issuer: 'https://sso.backan.gov.vn/realms/lienthong',
        Audience: ['lienthong-web', 'lienthong-mobile'],
      },
    });
    expect(Object.keys(custom.findOutputs('UserPoolId'))).toHaveLength(0);
  });

  it('serves a throttled, access-logged $default stage', () => {
    root.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: Match.anyValue(), ThrottlingRateLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
    });
  });

  it('outputs the GraphQL URL, table name, queue prefix and user pool ids', () => {
    const outputs = root.findOutputs('*');
    expect(Object.keys(outputs).sort()).toEqual(
      ['GraphqlUrl', 'JwtIssuer', 'QueueNamePrefix', 'TableName', 'UserPoolClientId', 'UserPoolId'].sort(),
    );
    expect(outputs.QueueNamePrefix?.Value).toBe('lienthong-06-prod-');
    expect(JSON.stringify(outputs.GraphqlUrl?.Value)).toContain('/graphql');
  });
});
